"""No malformed input gets a 5xx from the API: a property-based test over every operation of the
OpenAPI document (issue 14).

For each operation, hypothesis builds a request that would be accepted (from the operation's own
parameters and body schema, with real references to the world's objects), then breaks one part
of it (a path or query parameter, or one value anywhere in the body) with something
malformed: NUL and control characters, unpaired surrogates, 40-digit numbers, dates in the year
9999, odd references such as "V1\\x00" or "../V1", wrong types, nesting. Requests are sent with
provider A's API token; every answer must be below 500. The run is bounded (`MAX_EXAMPLES` per
operation), deterministic (`derandomize`) and keeps no example database, so it gives the same
result on every machine, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from homecare.api.urls import api
from homecare.visits.services.ingest import FIELDS as EVENT_FIELDS
from tests.test_authorisation_matrix import world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 50
SCHEMA = api.get_openapi_schema(path_prefix="/api/v1/")
OPERATIONS = sorted(
    (method, path)
    for path, methods in SCHEMA["paths"].items()
    for method in methods
    if method in {"get", "post", "put", "patch", "delete"}
)

NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "V1\x00",
    "C\ud8001",
    "\ud800",
    "\udfff",
    "a\x07b",
    "line\nbreak",
    "\uffff",
    "../V1",
    "%00",
    "V" + "9" * 40,
    "9" * 40,
    "-1",
    "V0",
    "V-1",
    "PKG" + "9" * 30,
    "2026-13-45",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59+14:00",
    "x" * 6000,
    "null",
    "1e400",
]
NASTY_NUMBERS = [-1, 2**31, 2**63, -(2**63) - 1, 10**40, -(10**40), 1e308, -1e308]
NASTY = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.sampled_from(NASTY_NUMBERS),
    st.recursive(
        st.text(max_size=8) | st.integers() | st.booleans() | st.none(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=5,
    ),
)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        return _resolve(SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[-1]])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [_resolve(s) for s in schema[key] if s.get("type") != "null"]
            if options:
                return options[0]
    return schema


class Valid:
    """Values the API would accept, for provider A's world."""

    def __init__(self, w: Any):
        now = timezone.now()
        today = timezone.localdate()
        self.by_name: dict[str, list[Any]] = {
            "offer_id": [w.offer.pk],
            "statement_id": [w.penalty_statement.pk],
            "visit_ref": [w.visit.reference],
            "ref": [w.provider_a.council_ref, w.person.council_ref],
            "zone": [w.zone.code],
            "reason": ["no_capacity"],
            "week_commencing": [(today - dt.timedelta(days=today.weekday())).isoformat()],
        }
        self.refs = [w.visit.reference, w.package.reference, w.zone.code, "Some text"]
        self.event = {
            "carer_ref": "C1",
            "package_ref": w.package.reference,
            "event_type": "check_in",
            "timestamp": (now - dt.timedelta(hours=1)).isoformat(),
            "method": "app",
        }

    def value(self, schema: dict[str, Any], name: str = "") -> st.SearchStrategy[Any]:
        if name in self.by_name:
            return st.sampled_from(self.by_name[name])
        schema = _resolve(schema)
        kind = schema.get("type")
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        if kind == "integer":
            return st.integers(max(schema.get("minimum", 0), 0), min(schema.get("maximum", 5), 5))
        if kind == "number":
            return st.sampled_from([0, 1.5, "2.25"])
        if kind == "boolean":
            return st.booleans()
        if kind == "array":
            items = _resolve(schema.get("items", {}))
            events = items.get("type") == "object" and "properties" not in items
            return st.lists(self.value(items, name), min_size=1 if events else 0, max_size=2)
        if kind == "object":
            return self.object(schema)
        if schema.get("format") == "date":
            return st.sampled_from([timezone.localdate().isoformat()])
        if schema.get("format") == "date-time":
            return st.sampled_from([timezone.now().isoformat()])
        return st.sampled_from(self.refs)

    def object(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        properties = schema.get("properties")
        if properties is None:  # a free-form object: a call-monitoring event
            return st.integers(1, 10**6).map(lambda n: {"event_id": f"E{n}", **self.event})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {n: self.value(s, n) for n, s in properties.items() if n in required},
            optional={n: self.value(s, n) for n, s in properties.items() if n not in required},
        )


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value: the value itself, and each item and field inside it."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


def _nasty_like(value: Any) -> st.SearchStrategy[Any]:
    """Something malformed, often of the same JSON type as `value` (a huge number for a number)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        same_kind = st.sampled_from(NASTY_NUMBERS)
    elif isinstance(value, str):
        same_kind = st.sampled_from(NASTY_TEXT)
    else:
        return NASTY
    return st.one_of(same_kind, same_kind, same_kind, NASTY)  # three times in four of the same kind


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    return [*value[:head], _replace(value[head], rest, new), *value[head + 1 :]]


@st.composite
def _broken(draw: Any, value: Any) -> Any:
    """`value` with one place in it (chosen among all) replaced by something malformed, or with an
    unexpected field added to one of its objects."""
    path = draw(st.sampled_from(_paths(value)[1:] or [()]))  # the whole value only if it has no parts
    target: Any = value
    for step in path:
        target = target[step]
    if isinstance(target, dict) and draw(st.booleans()):
        extra = draw(st.sampled_from([*EVENT_FIELDS, "other", "\x00"]))
        return _replace(value, path, {**target, extra: draw(NASTY)})
    return _replace(value, path, draw(_nasty_like(target)))


def _segment(value: Any) -> str:
    text = json.dumps(value) if isinstance(value, list | dict) else str(value)
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _request(method: str, path: str, valid: Valid) -> st.SearchStrategy[tuple[str, Any]]:
    operation = SCHEMA["paths"][path][method]
    parameters = [p for p in operation.get("parameters", []) if p["in"] in ("path", "query")]
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")

    @st.composite
    def build(draw: Any) -> tuple[str, Any]:
        values = {p["name"]: draw(valid.value(p.get("schema", {}), p["name"])) for p in parameters}
        sent = {p["name"] for p in parameters if p["in"] == "path" or draw(st.booleans())}
        body = draw(valid.value(content["schema"])) if content else None
        target = draw(st.sampled_from([*values, *(["body"] if content else [])] or ["nothing"]))
        if target == "body":
            body = draw(_broken(body))
        elif target in values:
            values[target] = draw(_nasty_like(values[target]))
            sent.add(target)
        url = path
        query = []
        for p in parameters:
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", _segment(values[p["name"]]))
            elif p["name"] in sent:
                query.append(f"{p['name']}={_segment(values[p['name']])}")
        return url + ("?" + "&".join(query) if query else ""), body

    return build()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_operation_answers_malformed_input_without_a_server_error(
    client,
    world,  # noqa: F811 - the fixture imported above
    settings,
    method,
    path,
):
    settings.API_RATE_LIMIT_PER_MINUTE = 10**6
    headers = {"Authorization": f"Bearer {world.token}"}

    @settings_for_api
    @given(request=_request(method, path, Valid(world)))
    def check(request: tuple[str, Any]) -> None:
        url, body = request
        if method == "get":
            response = client.get(url, headers=headers)
        else:
            data = json.dumps(body) if body is not None else ""
            response = client.generic(
                method.upper(), url, data=data, content_type="application/json", headers=headers
            )
        assert response.status_code < 500, (url, body)

    check()


settings_for_api = hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
