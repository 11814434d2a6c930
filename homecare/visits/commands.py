"""Visits' command-line commands (found by the discovery helper)."""

CLI = {"ecm": "Electronic call monitoring: ingest a provider's export file"}
