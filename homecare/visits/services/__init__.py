"""Visit services, split by concept: planning, ingest, matching, alerts, penalties."""
