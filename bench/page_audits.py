"""Lighthouse and axe-core on the phone pages, for ``make bench-page``.

Lighthouse (npm, pinned; 12.x, the newest line that runs on Node 20) audits the map page and a
station page as a phone on a slow 4G link would see them: its defaults, mobile emulation with
simulated throttling (150 ms RTT, 1.6 Mbit/s, 4x CPU), in Debian's chromium (``CHROME_PATH``).
axe-core (npm, pinned) checks the map page loaded, with the nearest list open, with a popup
open, and a station page, in zh and en. The server is gunicorn, as ``make run`` serves.

Tiles are not ours and there is no internet here: Lighthouse is told to block the tile hosts
(a failed tile is not counted as a console error of ours), Playwright answers them with an
empty image.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from testsupport.axe import open_list, open_popup, run_axe, wait_for_map
from testsupport.chromium import CHROMIUM, CHROMIUM_ARGS, EMPTY_PNG, TILE_HOSTS
from testsupport.live_server import Server

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 90, "accessibility": 100, "best-practices": 95, "seo": 95}
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
}
STATION = "ty-001"
FIX = {"longitude": 112.5665, "latitude": 37.8625}  # Wuyi Square, WGS-84


def served():
    """A gunicorn server (2 workers) on a fresh store seeded with the reference set."""
    workdir = Path(tempfile.mkdtemp(prefix="yizhan-audit-"))
    return Server(workdir / "yizhan.sqlite", workdir / "gunicorn.log", workers=2).start()


def lighthouse(url: str) -> dict:
    """One Lighthouse run's scores (0..100) and metrics (ms), or the reason it failed."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    argv = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout"]
    argv += [f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)]
    argv += [f"--blocked-url-patterns=*{host}*" for host in TILE_HOSTS]
    env = os.environ | {"CHROME_PATH": CHROMIUM}
    run = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600, check=False)
    if run.returncode != 0:
        return {"error": run.stderr.strip().splitlines()[-1:] or ["lighthouse failed"]}
    report = json.loads(run.stdout)
    if os.environ.get("LIGHTHOUSE_REPORT"):  # the whole report, to see which element failed
        Path(os.environ["LIGHTHOUSE_REPORT"]).write_text(run.stdout, encoding="utf-8")
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    metrics = {m: report["audits"][m]["numericValue"] for m in METRICS}
    failed = sorted(
        audit_id
        for c in CATEGORIES
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and (report["audits"][audit_id]["score"] is not None)
        and report["audits"][audit_id]["score"] < 0.9
    )
    return {"scores": scores, "metrics": metrics, "failed": failed}


def axe_states(playwright, origin: str) -> dict[str, list[dict]]:
    """axe's violations in each page state, zh and en."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    out: dict[str, list[dict]] = {}
    try:
        for lang, query in (("zh", ""), ("en", "?lang=en")):
            page, context = _phone(browser)
            page.goto(origin + "/" + query)
            wait_for_map(page)
            out[f"map, loaded ({lang})"] = run_axe(page)
            open_list(page)
            out[f"map, list open ({lang})"] = run_axe(page)
            open_popup(page)
            out[f"map, popup open ({lang})"] = run_axe(page)
            page.goto(f"{origin}/stations/{STATION}{query}")
            out[f"station page ({lang})"] = run_axe(page)
            context.close()
    finally:
        browser.close()
    return out


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        geolocation=FIX,
        permissions=["geolocation"],
        bypass_csp=True,
    )
    context.route(
        lambda url: any(host in url for host in TILE_HOSTS),
        lambda route: route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG),
    )
    return context.new_page(), context


def report_lighthouse(path: str, result: dict) -> None:
    print(f"Lighthouse {path} (mobile, simulated throttling):")
    if "error" in result:
        print(f"  FAILED: {result['error']}")
        return
    for category in CATEGORIES:
        score, goal = result["scores"][category], GOALS[category]
        mark = "ok" if score >= goal else "MISSED"
        print(f"  {category:<16} {score:>4}   (goal >= {goal})  {mark}")
    metrics = "  ".join(f"{name} {result['metrics'][m]:.0f} ms" for m, name in METRICS.items())
    print(f"  {metrics}")
    if result["failed"]:
        print(f"  audits below 0.9: {', '.join(result['failed'])}")


def report_axe(states: dict[str, list[dict]]) -> None:
    print("axe-core (WCAG 2.2 A/AA and best practices; goal: no violation of any impact):")
    for state, violations in states.items():
        if not violations:
            print(f"  {state:<26} 0 violations")
            continue
        print(f"  {state:<26} {len(violations)} violations")
        for v in violations:
            print(f"    {v['impact']:<9} {v['id']}: {', '.join(v['targets'][:4])}")


def main(playwright) -> bool:
    """Run both, print both; True when every goal is met."""
    server = served()
    try:
        ok = True
        for path in ("/", f"/stations/{STATION}"):
            result = lighthouse(server.url + path)
            report_lighthouse(path, result)
            ok = ok and "error" not in result
            ok = ok and all(result["scores"][c] >= GOALS[c] for c in CATEGORIES)
        states = axe_states(playwright, server.url)
        report_axe(states)
        return ok and not any(states.values())
    finally:
        server.stop()


if __name__ == "__main__":
    import sys

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        sys.exit(0 if main(pw) else 1)
