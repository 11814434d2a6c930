"""Pure report rules: no Django, no database; the queries feed them plain values."""
