"""Shared helpers on the API models: time parsing, formatting, change requests, export."""
