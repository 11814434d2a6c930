"""The demo's command-line commands (found by the discovery helper)."""

CLI = {"demo": "Load a synthetic demo council"}
