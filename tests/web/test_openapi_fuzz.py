"""schemathesis over our OpenAPI description, in process: no server errors, no responses that
break the schema or use undocumented statuses, schema-valid input accepted (with one exception,
below) and schema-invalid input refused.

schemathesis's own pytest plugin does not run under this pytest, so operations are driven
through its programmatic API: one hypothesis run per operation and generation mode.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from web import create_app

EXAMPLES_PER_OPERATION = 200


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, seeded_db_template):
    path = tmp_path_factory.mktemp("fuzz") / "yizhan.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    app = create_app({"DATABASE": str(path), "TESTING": True})
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    app.extensions["yizhan"].store.close()


def excluded_checks(operation) -> list:
    # OpenAPI cannot say "minlon <= maxlon", so a schema-valid bbox may still be (rightly) a 400.
    if operation.path == "/api/v1/stations":
        return [positive_data_acceptance]
    return []


def fuzz(operation, mode: GenerationMode) -> None:
    excluded = excluded_checks(operation)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def conforms(case):
        case.call_and_validate(excluded_checks=excluded)

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
