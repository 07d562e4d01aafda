"""The dashboard core, without Textual: the queue model and the action flows."""
