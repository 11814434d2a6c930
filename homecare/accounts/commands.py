"""Accounts' command-line commands (found by the discovery helper)."""

CLI = {"createuser": "Create a user with a role"}
