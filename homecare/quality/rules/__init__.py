"""Pure quality rules: no Django, no database; the services feed them plain values."""
