"""The datetime parameter: RFC 3339 instants and intervals, and what they contain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from finder.errors import InvalidQuery
from finder.temporal import TimeInterval, parse_datetime

T = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
HALF_SECOND = timedelta(microseconds=500_000)
MICROS = timedelta(microseconds=123_456)


@pytest.mark.parametrize(
    ("raw", "start", "end"),
    [
        ("2026-03-01T00:00:00Z", T, T),
        ("2026-03-01t08:00:00+08:00", T, T),
        ("2026-03-01T00:00:00.5Z", T + HALF_SECOND, T + HALF_SECOND),
        ("2026-03-01T00:00:00.123456789Z", T + MICROS, T + MICROS),  # beyond µs: cut
        ("2026-03-01T00:00:00Z/..", T, None),
        ("2026-03-01T00:00:00Z/", T, None),
        ("../2026-03-01T00:00:00Z", None, T),
        ("/2026-03-01T00:00:00Z", None, T),
        ("2026-02-28T16:00:00-08:00/2026-03-02T00:00:00Z", T, T + timedelta(days=1)),
    ],
)
def test_instants_and_intervals(raw, start, end):
    assert parse_datetime(raw) == TimeInterval(start, end)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("2026-03-01", "RFC 3339"),
        ("2026-03-01T00:00:00", "RFC 3339"),  # no offset: refused, not guessed
        ("2026-03-01 00:00:00Z", "RFC 3339"),
        ("2026-02-30T00:00:00Z", "not a real date"),
        ("2026-03-01T24:00:00Z", "not a real date"),
        ("2026-03-01T00:00:60Z", "leap seconds"),
        ("../..", "open at both ends"),
        ("/", "open at both ends"),
        ("a/b/c", "one"),
        ("2026-03-02T00:00:00Z/2026-03-01T00:00:00Z", "after it ends"),
        ("１９７０-01-01T00:00:00Z", "RFC 3339"),  # full-width digits are not ASCII digits
    ],
)
def test_bad_values_name_the_problem(raw, says):
    with pytest.raises(InvalidQuery, match=says) as info:
        parse_datetime(raw)
    assert info.value.parameter == "datetime"


def test_contains_includes_both_ends_and_never_an_unknown_time():
    interval = TimeInterval(T, T + timedelta(hours=1))
    assert interval.contains(T) and interval.contains(T + timedelta(hours=1))
    assert not interval.contains(T - timedelta(microseconds=1))
    assert not interval.contains(None)
    assert TimeInterval(None, None).contains(datetime(1, 1, 1, tzinfo=UTC))
