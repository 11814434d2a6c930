"""The reports app's models, one module per concept."""
