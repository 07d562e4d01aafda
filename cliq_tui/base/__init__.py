"""Dependency-free helpers: private files, terminal-safe text, merging edited text."""
