"""The dashboard panes: chat list, queue table, message view, status bar."""
