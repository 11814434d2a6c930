from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from homecare.core.council import set_council
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import CqcRatingFactory, LocationFactory, ProviderFactory
from homecare.providers.models import Contract, CqcRating, Provider, QafAssessment
from homecare.providers.queries import EXPORT_HEADINGS
from homecare.providers.tests.conftest import STAFF

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("role", STAFF)
def test_provider_list_opens_for_every_staff_role(as_role, role: str, provider: Provider) -> None:
    response = as_role(role).get(reverse("providers:list"))
    assert response.status_code == 200
    assert provider.name in response.content.decode()


def test_provider_list_forbidden_to_provider_users(as_role, provider: Provider) -> None:
    assert as_role(Role.PROVIDER, provider=provider).get(reverse("providers:list")).status_code == 403


def test_provider_list_needs_sign_in(client, provider: Provider) -> None:
    response = client.get(reverse("providers:list"))
    assert response.status_code in (302, 403)


def test_provider_list_filters_by_cqc_rating(as_role, provider: Provider, other_provider: Provider) -> None:
    Provider.objects.filter(pk=provider.pk).update(cqc_rating="inadequate")
    body = as_role(Role.COMMISSIONER).get(reverse("providers:list"), {"cqc": "inadequate"}).content.decode()
    assert provider.name in body and other_provider.name not in body


def test_provider_list_filters_not_yet_inspected(
    as_role, provider: Provider, other_provider: Provider
) -> None:
    Provider.objects.filter(pk=provider.pk).update(cqc_rating="good")
    body = (
        as_role(Role.COMMISSIONER).get(reverse("providers:list"), {"cqc": "not_inspected"}).content.decode()
    )
    assert other_provider.name in body and provider.name not in body


def test_provider_list_filters_by_tier(as_role, contract: Contract, other_provider: Provider) -> None:
    body = as_role(Role.COMMISSIONER).get(reverse("providers:list"), {"tier": "lead"}).content.decode()
    assert contract.provider.name in body and other_provider.name not in body


def test_provider_list_filters_by_zone_qaf_and_status(as_role, provider: Provider, zone) -> None:
    elsewhere = ProviderFactory(name="Gamma Care Ltd", status="exited")
    Provider.objects.filter(pk=provider.pk).update(qaf_level="B")
    client = as_role(Role.COMMISSIONER)
    assert "Gamma" not in client.get(reverse("providers:list"), {"zone": zone.pk}).content.decode()
    assert "Gamma" not in client.get(reverse("providers:list"), {"qaf": "B"}).content.decode()
    body = client.get(reverse("providers:list"), {"status": "exited"}).content.decode()
    assert elsewhere.name in body and provider.name not in body


def test_provider_export_csv_reads_back(as_role, contract: Contract) -> None:
    response = as_role(Role.AUDITOR).get(reverse("providers:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == EXPORT_HEADINGS
    assert rows[1][1] == contract.provider.name
    assert rows[1][5] == "Not yet inspected"
    assert rows[1][9] == "Lead (primary) provider"


def test_provider_export_xlsx_reads_back(as_role, contract: Contract) -> None:
    response = as_role(Role.COMMISSIONER).get(reverse("providers:export_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_HEADINGS
    assert rows[1][1] == contract.provider.name


def test_provider_export_applies_filters(as_role, provider: Provider, other_provider: Provider) -> None:
    Provider.objects.filter(pk=provider.pk).update(status="dormant")
    response = as_role(Role.COMMISSIONER).get(reverse("providers:export_csv"), {"status": "dormant"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[1] for r in rows[1:]] == [provider.name]


def test_provider_export_forbidden_to_provider_users(as_role, provider: Provider) -> None:
    client = as_role(Role.PROVIDER, provider=provider)
    assert client.get(reverse("providers:export_csv")).status_code == 403
    assert client.get(reverse("providers:export_xlsx")).status_code == 403


def test_provider_detail_shows_register_ratings_contracts_and_intelligence(
    as_role, contract: Contract
) -> None:
    location = LocationFactory(provider=contract.provider, name="Alpha North Branch")
    CqcRatingFactory(location=location, published_on=dt.date(2022, 5, 1), overall="requires_improvement")
    CqcRatingFactory(location=location, published_on=dt.date(2024, 5, 1), overall="good")
    body = (
        as_role(Role.BROKER)
        .get(reverse("providers:detail", args=[contract.provider.council_ref]))
        .content.decode()
    )
    assert "govuk-summary-list" in body
    assert "Alpha North Branch" in body and "Requires improvement" in body  # history kept
    assert contract.reference in body and "£22.50" in body
    assert "Intelligence" in body and "once the quality module records them" in body


def test_provider_detail_says_not_yet_inspected(as_role, provider: Provider) -> None:
    body = (
        as_role(Role.COMMISSIONER)
        .get(reverse("providers:detail", args=[provider.council_ref]))
        .content.decode()
    )
    assert "Not yet inspected" in body


def test_provider_detail_forbidden_to_provider_users_even_their_own(as_role, provider: Provider) -> None:
    client = as_role(Role.PROVIDER, provider=provider)
    assert client.get(reverse("providers:detail", args=[provider.council_ref])).status_code == 403


def test_provider_detail_unknown_is_404(as_role) -> None:
    assert as_role(Role.COMMISSIONER).get(reverse("providers:detail", args=["NOPE"])).status_code == 404


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.QUALITY_OFFICER, Role.ADMIN])
def test_cqc_upload_page_opens_for_allowed_roles(as_role, role: str) -> None:
    assert as_role(role).get(reverse("providers:cqc_upload")).status_code == 200


@pytest.mark.parametrize("role", [Role.BROKER, Role.FINANCE_OFFICER, Role.AUDITOR, Role.PROVIDER])
def test_cqc_upload_page_forbidden_to_other_roles(as_role, role: str) -> None:
    assert as_role(role).get(reverse("providers:cqc_upload")).status_code == 403


def test_cqc_upload_imports_a_file(as_role) -> None:
    set_council(by=TEST_ACTOR, name="Leicester City Council", ons_code="E06000016")
    upload = SimpleUploadedFile("ratings.csv", (DATA / "cqc_latest_ratings.csv").read_bytes())
    response = as_role(Role.QUALITY_OFFICER).post(reverse("providers:cqc_upload"), {"file": upload})
    assert response.status_code == 302
    assert CqcRating.objects.count() == 3


def test_cqc_upload_refuses_file_without_location_id(as_role) -> None:
    set_council(by=TEST_ACTOR, name="Leicester City Council", ons_code="E06000016")
    upload = SimpleUploadedFile("ratings.csv", (DATA / "cqc_missing_location_id.csv").read_bytes())
    response = as_role(Role.COMMISSIONER).post(reverse("providers:cqc_upload"), {"file": upload})
    assert response.status_code == 200
    assert "Location ID" in response.content.decode()
    assert not CqcRating.objects.exists()


def test_qaf_page_opens_for_quality_officer(as_role, provider: Provider) -> None:
    assert (
        as_role(Role.QUALITY_OFFICER).get(reverse("providers:qaf", args=[provider.council_ref])).status_code
        == 200
    )


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.AUDITOR, Role.BROKER, Role.PROVIDER])
def test_qaf_page_forbidden_to_other_roles(as_role, role: str, provider: Provider) -> None:
    assert as_role(role).get(reverse("providers:qaf", args=[provider.council_ref])).status_code == 403


def test_qaf_assessment_sets_current_level(as_role, provider: Provider) -> None:
    client = as_role(Role.QUALITY_OFFICER)
    url = reverse("providers:qaf", args=[provider.council_ref])
    client.post(url, {"level": "C", "assessed_on": "2024-01-10", "notes": ""})
    client.post(url, {"level": "B", "assessed_on": "2025-01-10", "notes": "Improved"})
    provider.refresh_from_db()
    assert provider.qaf_level == "B"
    assert QafAssessment.objects.filter(provider=provider).count() == 2


def test_qaf_assessment_in_the_future_is_refused(as_role, provider: Provider) -> None:
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    response = as_role(Role.QUALITY_OFFICER).post(
        reverse("providers:qaf", args=[provider.council_ref]), {"level": "A", "assessed_on": future}
    )
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
