"""The dashboard core, without Textual: the queue model and the action flows the UI draws and drives."""
