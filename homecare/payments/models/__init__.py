"""The payments app's models, one module per concept."""
