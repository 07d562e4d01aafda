"""What the app keeps on disk: settings, credentials, drafts, the activity record."""
