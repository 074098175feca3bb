"""``yizhan reports purge``: forget reporter hashes past their retention period now (every
public report and "still right" tap does it too, so this is for a quiet service or a cron)."""

from __future__ import annotations

from contextlib import closing

import click

from web.cli.stores import configuration, open_configured_store


@click.group("reports")
def reports_group() -> None:
    """Problem reports and "still right" taps."""


@reports_group.command("purge")
def purge_command() -> None:
    """Delete the keyed hashes of reporters older than REPORT_RETENTION_DAYS, and rate-limit
    counts older than REPORT_LIMIT_WINDOW; reports themselves are kept."""
    from geodata.editing import StationEditor  # imported here, keeping `yizhan --help` quick
    from geodata.reports.service import ReportPolicy, ReportService

    config = configuration()
    with closing(open_configured_store(config)) as store:
        service = ReportService(StationEditor.over(store), None, ReportPolicy.from_settings(config))
        removed = service.purge()
    click.echo(", ".join(f"{table}: {count} removed" for table, count in removed.items()))
