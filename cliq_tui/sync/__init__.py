"""The sync layer: local queue, sync engine, cache. Never imports Textual."""
