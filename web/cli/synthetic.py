"""The ``yizhan seed-synthetic`` command: the labelled synthetic national set, for benchmarks.

The logic is in :mod:`geodata.synthetic` (no Flask); this only opens the store the URL names,
without seeding the reference set into it, and reports.
"""

from __future__ import annotations

import sys
import time
from contextlib import closing

import click


@click.command("seed-synthetic")
@click.option(
    "--count", type=int, default=186_100, show_default=True, help="How many stations to write."
)
@click.option(
    "--database",
    required=True,
    help="The store: a SQLite path or a postgresql:// URL. It must hold no other station.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="The model's random seed.")
def seed_synthetic_command(count: int, database: str, seed: int) -> None:
    """Write COUNT synthetic stations (ids syn-000001..., names 合成驿站) spread over China.

    None of them exists: they are for measuring yizhan at national scale. Refused against a
    store that holds any station that is not synthetic.
    """
    from finder.errors import YizhanError
    from geodata.stores.registry import open_store
    from geodata.synthetic import seed_synthetic

    started = time.perf_counter()
    try:
        with closing(open_store(database)) as store:
            created = seed_synthetic(store, count, seed)
            total = store.count()
    except YizhanError as exc:
        click.echo(f"seed-synthetic: {exc.message}", err=True)
        sys.exit(2 if exc.status == 400 else 1)
    seconds = time.perf_counter() - started
    click.echo(f"{created} synthetic stations written ({total} in the store) in {seconds:.1f} s")
