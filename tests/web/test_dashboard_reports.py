"""The dashboard's problem-report figures through the Flask test client: the charts and tables in
zh and en, an editor's districts only, the CSV files, the display wall's headline, "no reports
yet" on an empty store, and the queue filtered to one of the most reported stations."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from finder.freshness import is_stale
from finder.hours import now as shanghai_now
from geodata.reference import load_reference_stations
from geodata.reports.model import NewReport, Reporter
from tests.web.admin_support import EDITOR_DISTRICT, INSIDE, OUTSIDE
from tests.web.page_support import login

XIAODIAN = "140105"
OTHER_YINGZE = "ty-002"
PEOPLE = [Reporter(f"b{i}", f"a{i}") for i in range(3)]


def rows(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return unescape(response.get_data(as_text=True))


def section(html: str, figure: str) -> str:
    start = html.index(f'id="{figure}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def seeded(state):
    """Open: ty-001 microwave (three people), ty-001 first aid, ty-002 locked (acknowledged),
    ty-057 microwave and locked. Closed lately: Yingze in 2 h and 10 h (one rejected), Xiaodian
    in 6 h; and one in Yingze closed 120 days ago, outside the 90 days."""
    reports = state.store.reports()
    moment = datetime.now(UTC)

    def add(station, district, reason, amenity=None, people=1, at=moment):
        for who in PEOPLE[:people]:
            report, _ = reports.add(NewReport(station, district, reason, amenity), who, now=at)
        return report

    def close(station, district, *, ago_days, hours, status="resolved"):
        opened = moment - timedelta(days=ago_days)
        report = add(station, district, "station_gone", at=opened)
        reports.change_status(report.id, expected_version=1, status=status, actor="li",
                              now=opened + timedelta(hours=hours))  # fmt: skip

    close(INSIDE, EDITOR_DISTRICT, ago_days=3, hours=2)
    close(OTHER_YINGZE, EDITOR_DISTRICT, ago_days=4, hours=10, status="rejected")
    close(OUTSIDE, XIAODIAN, ago_days=5, hours=6)
    close(INSIDE, EDITOR_DISTRICT, ago_days=121, hours=24)
    add(INSIDE, EDITOR_DISTRICT, "amenity_broken", "microwave", people=3)
    add(INSIDE, EDITOR_DISTRICT, "first_aid_empty")
    locked = add(OTHER_YINGZE, EDITOR_DISTRICT, "locked_or_unstaffed")
    reports.change_status(locked.id, expected_version=1, status="acknowledged", actor="li",
                          now=moment)  # fmt: skip
    add(OUTSIDE, XIAODIAN, "amenity_broken", "microwave")
    add(OUTSIDE, XIAODIAN, "locked_or_unstaffed")
    return state


def test_an_admin_sees_the_report_figures_in_chinese(client, seeded):
    login(client)
    html = page(client, "/admin/dashboard")
    by_reason = section(html, "fig-reports-by-reason")
    assert "未处理的问题报告（按原因）" in by_reason and "<svg" in by_reason
    assert '<th scope="row">设施缺失或损坏</th><td>2</td>' in by_reason
    assert '<th scope="row">锁着门或没有人</th><td>2</td>' in by_reason
    assert '<th scope="row">医药箱空了或药品过期</th><td>1</td>' in by_reason
    by_district = section(html, "fig-reports-by-district")
    assert (
        ">迎泽区</a></th><td>3</td>" in by_district and ">小店区</a></th><td>2</td>" in by_district
    )
    top = section(html, "fig-most-reported")
    assert top.index(INSIDE) < top.index(OTHER_YINGZE)  # two open reports before one
    assert f'href="/admin/reports?station={INSIDE}"' in top
    resolve = section(html, "fig-resolve-times")
    assert "处理用时（近 90 天关闭的报告）" in resolve
    # Yingze: 2 h and 10 h (median 6.0, 90th percentile 9.2); the city: 2, 6, 10 h.
    assert '<th scope="row">迎泽区</th><td>2</td><td>6.0</td><td>9.2</td>' in resolve
    assert '<th scope="row">小店区</th><td>1</td><td>6.0</td><td>6.0</td>' in resolve
    assert '<th scope="row">全市</th><td>3</td><td>6.0</td><td>9.2</td>' in resolve
    assert 'id="wall-open"' not in html  # the headline is the wall's


def test_the_report_figures_in_english(client, seeded):
    login(client)
    html = page(client, "/admin/dashboard?lang=en")
    assert "Open problem reports by reason" in html
    assert '<th scope="row">An amenity is missing or broken</th><td>2</td>' in html
    assert '<th scope="row">Whole city</th><td>3</td><td>6.0</td><td>9.2</td>' in html
    assert "Stations with the most open reports (top 10)" in html
    assert "Stations not checked for more than 180 days" in html


def test_an_editor_sees_only_their_districts_reports(client, seeded):
    login(client, "yingze")
    html = page(client, "/admin/dashboard?lang=en")
    assert "Xiaodian" not in html and "Whole city" not in html
    by_reason = {r["reason"]: int(r["open_reports"])
                 for r in rows(client.get("/admin/dashboard/reports-by-reason.csv"))}  # fmt: skip
    assert by_reason["amenity_broken"] == 1 and by_reason["locked_or_unstaffed"] == 1
    assert sum(by_reason.values()) == 3
    assert rows(client.get("/admin/dashboard/reports-by-district.csv")) == [
        {"district": EDITOR_DISTRICT, "open_reports": "3"}
    ]
    assert [r["station_id"] for r in rows(client.get("/admin/dashboard/most-reported.csv"))] == [
        INSIDE, OTHER_YINGZE,
    ]  # fmt: skip
    assert rows(client.get("/admin/dashboard/resolve-times.csv")) == [
        {"district": EDITOR_DISTRICT, "closed": "2", "median_hours": "6.0", "p90_hours": "9.2"}
    ]
    stale = rows(client.get("/admin/dashboard/stale-by-district.csv"))
    assert [r["district"] for r in stale] == [EDITOR_DISTRICT]


def test_the_report_figures_download_as_csv(client, seeded):
    login(client)
    response = client.get("/admin/dashboard/reports-by-reason.csv")
    assert 'filename="reports-by-reason.csv"' in response.headers["Content-Disposition"]
    by_reason = rows(response)
    assert [r["reason"] for r in by_reason] == [
        "closed_when_open", "locked_or_unstaffed", "amenity_broken", "first_aid_empty",
        "wrong_location", "station_gone", "other",
    ]  # fmt: skip
    assert [int(r["open_reports"]) for r in by_reason] == [0, 2, 2, 1, 0, 0, 0]
    assert rows(client.get("/admin/dashboard/most-reported.csv")) == [
        {"station_id": INSIDE, "district": EDITOR_DISTRICT, "open_reports": "2", "people": "4"},
        {"station_id": OUTSIDE, "district": XIAODIAN, "open_reports": "2", "people": "2"},
        {"station_id": OTHER_YINGZE, "district": EDITOR_DISTRICT, "open_reports": "1",
         "people": "1"},
    ]  # fmt: skip
    times = {r["district"]: r for r in rows(client.get("/admin/dashboard/resolve-times.csv"))}
    assert list(times) == [XIAODIAN, EDITOR_DISTRICT, "city"]
    assert times["city"] == {"district": "city", "closed": "3", "median_hours": "6.0",
                             "p90_hours": "9.2"}  # fmt: skip


def test_stale_stations_by_district_follow_the_setting(app, client):
    login(client)
    today = shanghai_now().date()
    expected: dict[str, list[int]] = {}
    for s in load_reference_stations():
        counts = expected.setdefault(s.district, [0, 0])
        counts[0] += is_stale(s.last_verified, today, 180)
        counts[1] += 1
    stale = {r["district"]: [int(r["stale"]), int(r["stations"])]
             for r in rows(client.get("/admin/dashboard/stale-by-district.csv"))}  # fmt: skip
    assert stale == expected and sum(n for n, _ in stale.values()) > 0
    app.config["STALE_AFTER_DAYS"] = 100_000
    html = page(client, "/admin/dashboard?lang=en")
    assert "No station is out of date." in section(html, "fig-stale")


def test_the_display_wall_shows_the_open_count_and_the_top_reason(client, seeded):
    login(client)
    html = page(client, "/admin/dashboard?wall=1&lang=en")
    assert '<p class="big" id="wall-open">5</p>' in html
    # Two reasons tie at two open reports each: both are named, in the form's order.
    assert "Most reported: Locked, or no one there, An amenity is missing or broken" in html
    state = seeded
    state.store.reports().add(NewReport(INSIDE, EDITOR_DISTRICT, "amenity_broken", "toilet"),
                              PEOPLE[0], now=datetime.now(UTC))  # fmt: skip
    html = page(client, "/admin/dashboard?wall=1")
    assert '<p class="big" id="wall-open">6</p>' in html
    assert "最多的原因：设施缺失或损坏" in html


def test_an_empty_store_says_no_reports_yet(client):
    login(client)
    html = page(client, "/admin/dashboard")
    for figure in ("fig-reports-by-reason", "fig-reports-by-district", "fig-most-reported",
                   "fig-resolve-times"):  # fmt: skip
        part = section(html, figure)
        assert "还没有问题报告。" in part and "<svg" not in part and "<table>" not in part
    wall = page(client, "/admin/dashboard?wall=1&lang=en")
    assert "No problem reports yet." in section(wall, "wall-reports")
    assert 'id="wall-open"' not in wall
    assert rows(client.get("/admin/dashboard/most-reported.csv")) == []


def test_only_closed_reports_say_none_is_open(client, state):
    reports = state.store.reports()
    report, _ = reports.add(NewReport(INSIDE, EDITOR_DISTRICT, "station_gone"), PEOPLE[0],
                            now=datetime.now(UTC))  # fmt: skip
    reports.change_status(report.id, expected_version=1, status="rejected", actor="li",
                          now=datetime.now(UTC))  # fmt: skip
    login(client)
    html = page(client, "/admin/dashboard?lang=en")
    assert "No open problem reports." in section(html, "fig-reports-by-reason")
    assert "<table>" in section(html, "fig-resolve-times")


def test_the_queue_shows_one_station_from_the_dashboard_link(client, seeded):
    login(client)
    html = page(client, f"/admin/reports?station={INSIDE}&lang=en")
    assert 'id="station-filter"' in html and f"({INSIDE})" in html
    stations = set(re_stations(html))
    assert stations == {INSIDE}
    tab = re.search(r'<a href="([^"]+)" id="tab-acknowledged"', html)
    assert tab and f"station={INSIDE}" in tab.group(1)  # the tabs keep the filter
    response = client.get("/admin/reports?station=<script>")
    assert response.status_code == 404
    assert "is not a station id" in unescape(response.get_data(as_text=True))


def test_an_editor_filtering_another_districts_station_sees_nothing(client, seeded):
    login(client, "yingze")
    html = page(client, f"/admin/reports?station={OUTSIDE}")
    assert set(re_stations(html)) == set()


def re_stations(html: str) -> list[str]:
    return re.findall(r'data-station="([^"]+)"', html)
