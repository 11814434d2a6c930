import datetime as dt
import importlib.util

import pytest
from django.core.management import CommandError, call_command

from homecare.providers.factories import ProviderFactory
from homecare.rounds.factories import CarerFactory, client_with_visits, visit_line
from homecare.rounds.models import PlanStatus, RoundPlan
from homecare.rounds.services import planning

pytestmark = pytest.mark.django_db

HAS_RAY = importlib.util.find_spec("ray") is not None


def _two_providers(day):
    providers = [ProviderFactory(latitude=52.62, longitude=-1.12) for _ in range(2)]
    for provider in providers:
        client_with_visits(provider, day, [visit_line(dt.time(8)), visit_line(dt.time(17))])
        CarerFactory(provider=provider)
    return providers


def test_command_plans_every_provider_with_the_local_pool(day, capsys):
    providers = _two_providers(day)
    call_command("rounds", "plan", "--date", day.isoformat(), "--all", "--seconds", "2", "--workers", "2")
    plans = RoundPlan.objects.filter(day=day)
    assert {p.provider_id for p in plans} == {p.pk for p in providers}
    assert all(p.status == PlanStatus.DONE and p.visits_planned == 2 for p in plans)
    assert "Done: 2 plans" in capsys.readouterr().out


def test_command_plans_one_provider_by_reference(day):
    providers = _two_providers(day)
    call_command(
        "rounds", "plan", "--date", day.isoformat(), "--provider", providers[0].council_ref, "--seconds", "1"
    )
    assert list(RoundPlan.objects.values_list("provider_id", flat=True)) == [providers[0].pk]


def test_command_rejects_an_unknown_provider(day):
    with pytest.raises(CommandError, match="No provider"):
        call_command("rounds", "plan", "--date", day.isoformat(), "--provider", "NOPE")


@pytest.mark.skipif(HAS_RAY, reason="ray is installed here, so the missing-ray message cannot be shown")
def test_command_says_clearly_when_ray_is_missing(day):
    _two_providers(day)
    with pytest.raises(CommandError, match=r"Ray is not installed.*homecare\[ray\]"):
        call_command("rounds", "plan", "--date", day.isoformat(), "--all", "--executor", "ray")


@pytest.mark.skipif(not HAS_RAY, reason="ray is not installed (optional extra: pip install 'homecare[ray]')")
def test_ray_executor_plans_on_a_local_ray_instance(day):
    providers = _two_providers(day)
    result = planning.plan_providers(
        by="test", providers=providers, day=day, seconds=1, executor=planning.ray_executor(workers=2)
    )
    assert [p.status for p in result.plans] == [PlanStatus.DONE, PlanStatus.DONE]


def test_plans_the_executor_never_answers_for_are_failed(day):
    providers = _two_providers(day)

    def lost(tasks, seconds, seed):
        raise ConnectionError("cluster went away")
        yield  # pragma: no cover

    with pytest.raises(ConnectionError):
        planning.plan_providers(by="test", providers=providers, day=day, seconds=1, executor=lost)
    assert set(RoundPlan.objects.values_list("status", flat=True)) == {PlanStatus.FAILED}
