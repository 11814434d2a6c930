"""Rounds' command-line commands (found by the discovery helper)."""

CLI = {"rounds": "Plan care rounds for a day (every provider in parallel, locally or on Ray)"}
