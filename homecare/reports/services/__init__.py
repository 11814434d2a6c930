"""The reports app's services: generating and keeping packs, with `by: Actor`, audited."""
