"""schemathesis over the report operations (the pattern of test_openapi_fuzz.py): the public
ones anonymously, the admin ones with an admin's token on a store that holds reports, aimed at
real report ids and, every other time, at their current ETag."""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.web.test_openapi_fuzz import fuzz
from web import create_app

pytestmark = pytest.mark.fuzz
EXAMPLES = 80
REASONS = [{"reason": "station_gone"}, {"reason": "amenity_broken", "amenity": "microwave"},
           {"reason": "locked_or_unstaffed"}, {"reason": "first_aid_empty"}]  # fmt: skip


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory, accounts_template):
    path = tmp_path_factory.mktemp("fuzz-reports") / "yizhan.sqlite"
    path.write_bytes(accounts_template[0].read_bytes())
    photos = tmp_path_factory.mktemp("fuzz-photos")
    app = create_app({"DATABASE": str(path), "TESTING": True, "PHOTO_DIR": str(photos),
                      "REPORT_LIMIT_PER_ADDRESS": 100_000, "REPORT_LIMIT_PER_BROWSER": 100_000,
                      "CONFIRM_LIMIT_PER_ADDRESS": 100_000})  # fmt: skip
    client = app.test_client()
    ids = []
    for n, station in itertools.product(range(4), ("ty-001", "ty-057", "ty-100")):
        made = client.post(f"/api/v1/stations/{station}/reports", json=REASONS[n])
        ids.append(made.get_json()["report"]["id"])
    yield app, ids, accounts_template[1]
    app.extensions["yizhan"].store.close()


def report_operations(schema, admin: bool):
    for result in schema.get_all_operations():
        operation = result.ok()
        path = operation.path
        is_report = "report" in path or "confirmation" in path or "verification" in path
        if is_report and ("security" in operation.definition.raw) == admin:
            yield operation


def aim_at_reports(ids):
    counter = itertools.count()

    def prepare(case) -> None:
        n = next(counter)
        if "report_id" in (case.path_parameters or {}):
            case.path_parameters["report_id"] = ids[n % len(ids)]
        if "station_id" in (case.path_parameters or {}):
            case.path_parameters["station_id"] = f"ty-{n % 166 + 1:03d}"
        if case.headers and "If-Match" in case.headers and n % 2:
            case.headers["If-Match"] = '"1"'

    return prepare


def aimed(mode, ids):
    # Negative cases keep their invalid path parameters: aiming them would make them valid.
    return aim_at_reports(ids) if mode is GenerationMode.POSITIVE else None


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_public_report_operations_conform(fuzzed_app, mode):
    app, ids, _ = fuzzed_app
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = list(report_operations(schema, admin=False))
    assert len(operations) == 3
    for operation in operations:
        try:
            fuzz(operation, mode, examples=EXAMPLES, prepare=aimed(mode, ids))
        except Unsatisfiable:
            continue


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_admin_report_operations_conform_with_a_valid_token(fuzzed_app, mode):
    app, ids, tokens = fuzzed_app
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = list(report_operations(schema, admin=True))
    assert len(operations) == 5
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    fuzzed = []
    for operation in operations:
        try:
            fuzz(operation, mode, headers, EXAMPLES, aimed(mode, ids))
        except Unsatisfiable:
            continue
        fuzzed.append(operation.label)
    assert "PATCH /api/v1/admin/reports/{report_id}" in fuzzed
    if mode is GenerationMode.POSITIVE:
        reports = app.extensions["yizhan_reports"].reports
        changed = reports.find(statuses=["resolved", "rejected", "acknowledged"])
        assert changed, "no fuzzed status change got through: the fuzz is too blunt"
