from homecare.core.actor import Actor
from homecare.core.jobs import Job
from homecare.visits.services import alerts, matching, planning


def match_and_alert(by: Actor) -> str:
    """Work out outcomes from new events first, so that a check-in that has arrived is never
    alerted as missing; then raise alerts for time-critical visits past their tolerance."""
    matched = matching.process_pending()
    closed = matching.close_windows()
    raised = alerts.raise_alerts(by=by)
    return f"{matched} package-days matched, {closed} windows settled, {raised} alerts raised"


def plan_ahead(by: Actor) -> str:
    created = planning.extend_horizon(by=by)
    return f"{created} visits planned"


JOBS = [Job("visit-matching-and-alerts", 30, match_and_alert), Job("visit-planning", 3600, plan_ahead)]
