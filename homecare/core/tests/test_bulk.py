import datetime as dt

import pytest

from homecare.core.bulk import insert_rows
from homecare.geography.factories import WardFactory
from homecare.geography.models import Postcode

pytestmark = pytest.mark.django_db


def test_insert_rows_writes_every_row_with_foreign_keys():
    ward = WardFactory()
    count = insert_rows(
        Postcode,
        [
            "postcode",
            "ward_id",
            "local_authority_code",
            "latitude",
            "longitude",
            "rural_urban_code",
            "is_rural",
            "terminated",
        ],
        [(f"FN1 {i}AA", ward.pk, "E06000999", 52.6, -1.1, "UN1", False, False) for i in range(1, 4)],
    )
    assert count == 3
    assert list(Postcode.objects.order_by("postcode").values_list("postcode", "ward_id")) == [
        ("FN1 1AA", ward.pk),
        ("FN1 2AA", ward.pk),
        ("FN1 3AA", ward.pk),
    ]


def test_insert_rows_can_skip_rows_that_break_a_unique_constraint():
    ward = WardFactory()
    fields = [
        "postcode",
        "ward_id",
        "local_authority_code",
        "latitude",
        "longitude",
        "rural_urban_code",
        "is_rural",
        "terminated",
    ]
    insert_rows(Postcode, fields, [("FN1 1AA", ward.pk, "E1", 52.6, -1.1, "", False, False)])
    again = insert_rows(
        Postcode,
        fields,
        [
            ("FN1 1AA", ward.pk, "E1", 52.6, -1.1, "", False, False),
            ("FN1 2AA", ward.pk, "E1", 52.6, -1.1, "", False, False),
        ],
        ignore_conflicts=True,
    )
    assert again == 1
    assert Postcode.objects.count() == 2


def test_insert_rows_stores_aware_datetimes_as_the_orm_reads_them():
    from homecare.core.models import ImportRun

    moment = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
    insert_rows(
        ImportRun, ["kind", "file_name", "at", "actor_label", "summary"], [("x", "", moment, "me", {"a": 1})]
    )
    run = ImportRun.objects.get()
    assert run.at == moment and run.summary == {"a": 1}


def test_fetch_rows_gives_the_same_values_as_values_list():
    from homecare.core.bulk import fetch_rows
    from homecare.core.models import ImportRun

    moment = dt.datetime(2026, 10, 25, 1, 30, 15, 123456, tzinfo=dt.UTC)
    insert_rows(
        ImportRun, ["kind", "file_name", "at", "actor_label", "summary"], [("x", "f", moment, "me", {})]
    )
    queryset = ImportRun.objects.filter(kind="x")
    assert fetch_rows(queryset, ["pk", "kind", "at"]) == list(queryset.values_list("pk", "kind", "at"))
