"""schemathesis over our OpenAPI description, in process: no server errors, no responses that
break the schema or use undocumented statuses, schema-valid input accepted (with one exception,
below) and schema-invalid input refused.

schemathesis's own pytest plugin does not run under this pytest, so operations are driven
through its programmatic API: one hypothesis run per operation and generation mode.

Every operation is fuzzed anonymously (the admin API answers 401, documented); the admin API
is fuzzed again with an admin's token, on a store of its own, so that its writes run too.
"""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from web import create_app

pytestmark = pytest.mark.fuzz

EXAMPLES_PER_OPERATION = 200
ADMIN_EXAMPLES_PER_OPERATION = 100


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, seeded_db_template):
    path = tmp_path_factory.mktemp("fuzz") / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    app = create_app({"DATABASE": str(path), "TESTING": True})
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    app.extensions["yizhan"].store.close()


@pytest.fixture(scope="module")
def admin_api_schema(tmp_path_factory, accounts_template):
    path = tmp_path_factory.mktemp("fuzz-admin") / "yizhan.sqlite"
    path.write_bytes(accounts_template[0].read_bytes())
    app = create_app({"DATABASE": str(path), "TESTING": True})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    yield schema, accounts_template[1], app.extensions["yizhan"].store
    app.extensions["yizhan"].store.close()


def excluded_checks(operation) -> list:
    # OpenAPI cannot say "minlon <= maxlon", so a schema-valid bbox may still be (rightly) a 400.
    if operation.path == "/api/v1/stations" and operation.method.upper() == "GET":
        return [positive_data_acceptance]
    # Nor "printable text, not only spaces" (unassigned code points, a blank q): 400 rightly.
    if operation.path == "/api/v1/search":
        return [positive_data_acceptance]
    # Nor can it say "the current ETag", "inside Taiyuan, on land, 30 m from any other station"
    # or "a version in this station's history": schema-valid writes are rightly refused.
    if operation.method.upper() != "GET":
        return [positive_data_acceptance]
    return []


def is_admin_operation(operation) -> bool:
    return "security" in operation.definition.raw


def aim_at_real_stations():
    """A hook that points generated admin requests at stored stations, every other one with the
    ETag of its first version, so that fuzzed writes get past 404 and 412 into validation (and
    DELETEs and PATCHes that need no more than that are written)."""
    counter = itertools.count()

    def prepare(case) -> None:
        n = next(counter)
        if "station_id" in (case.path_parameters or {}):
            case.path_parameters["station_id"] = f"ty-{n % 166 + 1:03d}"
        if case.headers and "If-Match" in case.headers and n % 2:
            case.headers["If-Match"] = '"1"'

    return prepare


def fuzz(
    operation,
    mode: GenerationMode,
    headers=None,
    examples=EXAMPLES_PER_OPERATION,
    prepare=None,
    excluded=None,
) -> None:
    """``excluded``: the checks to leave out, by default :func:`excluded_checks`'s (the OGC
    API's fuzz, tests/ogc, gives its own)."""
    excluded = excluded_checks(operation) if excluded is None else excluded
    # In process, schemathesis asks for gzip (requests' default Accept-Encoding) but does not
    # decode it; compression has its own tests (tests/web/test_compress.py).
    headers = {"Accept-Encoding": "identity", **(headers or {})}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def conforms(case):
        if prepare is not None:
            prepare(case)
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    conforms()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi_description(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    fuzzed_negative = []
    for operation in operations:
        if mode is GenerationMode.NEGATIVE:
            try:
                fuzz(operation, mode)
            except Unsatisfiable:
                # Nothing to make invalid: no parameters, or only a free-form path segment.
                continue
            fuzzed_negative.append(operation.label)
        else:
            fuzz(operation, mode)
    if mode is GenerationMode.NEGATIVE:
        assert {"GET /api/v1/stations/nearest", "GET /api/v1/stations"} <= set(fuzzed_negative)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_admin_api_conforms_with_a_valid_token(admin_api_schema, mode):
    schema, tokens, store = admin_api_schema
    # The import API starts a process per request: tests/web/test_import_jobs.py covers it;
    # the reports' admin API has its own store of reports: tests/web/test_reports_fuzz.py.
    operations = [
        r.ok()
        for r in schema.get_all_operations()
        if is_admin_operation(r.ok())
        and not r.ok().path.startswith(("/api/v1/imports", "/api/v1/admin/"))
    ]
    assert len(operations) == 5
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    revision = store.revision()
    fuzzed = []
    for operation in operations:
        try:
            prepare = aim_at_real_stations() if mode is GenerationMode.POSITIVE else None
            fuzz(operation, mode, headers, ADMIN_EXAMPLES_PER_OPERATION, prepare)
        except Unsatisfiable:
            continue
        fuzzed.append(operation.method.upper())
    assert "PATCH" in fuzzed and "POST" in fuzzed, fuzzed
    if mode is GenerationMode.POSITIVE:
        assert store.revision() > revision, "no fuzzed write got through: the fuzz is too blunt"
        assert store.count() > 0
