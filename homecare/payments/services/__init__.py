"""The payments app's services: every change goes through one of these, with `by: Actor`, audited."""
