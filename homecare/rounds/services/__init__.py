"""Business operations of the rounds app, split by concept."""
