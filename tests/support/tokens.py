"""Credentials the secrets tests look for in every output (distinctive on purpose)."""

ACCESS_TOKEN = "1000.acc3ss-T0KEN-must-n0t-leak.7f3a"
REFRESH_TOKEN = "1000.r3fresh-T0KEN-must-n0t-leak.9c2e"
CLIENT_SECRET = "cl1ent-S3CRET-must-n0t-leak-b41d"
CLIENT_ID = "1000.CLIENTIDVISIBLE"
