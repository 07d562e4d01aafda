"""The Cliq API layer: client, models, errors, auth and rate budgets. Never imports Textual."""
