from homecare.core.context import current
from homecare.core.jobs import Job
from homecare.rounds.services import planning


def plan_queued_rounds() -> str:
    done = planning.run_queued(by=current().user or "job:round-planning")
    return f"{done} round plans run"


JOBS = [Job("round-planning", 5, plan_queued_rounds)]
