"""What rounds adds to lower apps' extension points (found by the discovery helper).

Route fit on the brokerage candidate ranking (brokerage's CANDIDATE_SIGNALS): for every candidate
provider with planned rounds on its representative day, the extra travel the package would add and
whether its carers can absorb it. The fits are measured in the background
(`services/route_fits.py`, the `route-fits` job); the page only reads them, and says so when a
provider's fit is still being measured or was measured against an earlier version of its plan.
"""

from __future__ import annotations

from typing import Any

from homecare.brokerage.hooks import CANDIDATE_SIGNALS, CandidateSignal
from homecare.rounds.models import RouteFit
from homecare.rounds.services.route_fits import latest_plans, plan_version


def route_fit(*, package: Any, provider_ids: list[int]) -> dict[int, CandidateSignal]:
    plans = latest_plans(provider_ids)
    if not plans:
        return {}
    fits = {f.provider_id: f for f in RouteFit.objects.filter(package=package, provider_id__in=list(plans))}
    signals: dict[int, CandidateSignal] = {}
    for provider_id, plan in plans.items():
        fit = fits.get(provider_id)
        if fit is None:
            signals[provider_id] = CandidateSignal("Route fit", "Being measured against its planned rounds")
            continue
        signals[provider_id] = _signal(
            fit, current=fit.plan_id == plan.pk and fit.plan_version == plan_version(plan)
        )
    return signals


def _signal(fit: RouteFit, *, current: bool) -> CandidateSignal:
    earlier = "" if current else " (measured against an earlier plan; being measured again)"
    if fit.problem:
        return CandidateSignal("Route fit", f"{fit.problem}{earlier}", "warning")
    if fit.new_visits == 0:
        return CandidateSignal("Route fit", f"No visits on {fit.day:%A}{earlier}")
    verdict = "carers can absorb it" if fit.absorbable else "carers cannot absorb all of it"
    text = f"+{fit.extra_travel_minutes:.0f} min, +{fit.extra_travel_km:.1f} km on {fit.day:%a %d %b}; {verdict}{earlier}"
    return CandidateSignal("Route fit", text, "good" if fit.absorbable else "warning")


EXTENSIONS = [(CANDIDATE_SIGNALS, route_fit)]
