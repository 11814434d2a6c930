from homecare.core.context import current
from homecare.core.jobs import Job
from homecare.rounds.services import planning


def plan_queued_rounds() -> str:
    # One plan per tick, so that a long plan does not hold back the worker's other jobs for long.
    done = planning.run_queued(by=current().user or "job:round-planning", limit=1)
    return f"{done} round plans run"


JOBS = [Job("round-planning", 5, plan_queued_rounds)]
