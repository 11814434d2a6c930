from homecare.core.actor import Actor
from homecare.core.jobs import Job
from homecare.rounds.services import planning, route_fits


def plan_queued_rounds(by: Actor) -> str:
    # One plan per tick, so that a long plan does not hold back the worker's other jobs for long.
    done = planning.run_queued(by=by, limit=1)
    return f"{done} round plans run"


def measure_route_fits(by: Actor) -> str:
    return f"{route_fits.measure_due(by=by)} packages' route fits measured"


JOBS = [Job("round-planning", 5, plan_queued_rounds), Job("route-fits", 60, measure_route_fits)]
