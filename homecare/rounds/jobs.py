from homecare.core.actor import Actor
from homecare.core.jobs import Job
from homecare.rounds.services import planning


def plan_queued_rounds(by: Actor) -> str:
    # One plan per tick, so that a long plan does not hold back the worker's other jobs for long.
    done = planning.run_queued(by=by, limit=1)
    return f"{done} round plans run"


JOBS = [Job("round-planning", 5, plan_queued_rounds)]
