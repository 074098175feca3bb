"""Creating many new stations on PostgreSQL at once: COPY into a staging table, then one
INSERT ... SELECT for the stations and one for their audit rows.

Row by row (:meth:`PostgresStore.apply_batch`) costs a few round trips per station; this costs
a handful per call, whatever the count. Same rows as that path: version 1, action "import",
the audit ``after`` being the station's record, audit ids in the order given.
"""

from __future__ import annotations

import json
from dataclasses import replace

import psycopg

from finder.models import Station
from geodata.stores.base import refuse_repeated_ids, refuse_used_ids
from geodata.stores.pg_statements import COLUMNS, utc_now
from geodata.stores.records import station_to_record

_FIELDS = [c.strip() for c in COLUMNS.split(",")]


def create_many(
    conn: psycopg.Connection, stations: list[Station], actor: str, revision: int
) -> int:
    """Insert ``stations`` (new ids) with their audit rows in the caller's transaction, which
    holds the revision row; :class:`Conflict` (and nothing written) if any id is used."""
    ids = [s.id for s in stations]
    refuse_repeated_ids(ids)
    # The written columns' types only: LIKE would copy geog's NOT NULL without its expression.
    conn.execute(
        f"CREATE TEMP TABLE bulk_staging ON COMMIT DROP AS SELECT {COLUMNS} FROM stations "
        "WITH NO DATA"
    )
    conn.execute("ALTER TABLE bulk_staging ADD COLUMN n integer, ADD COLUMN record json")
    with conn.cursor().copy(f"COPY bulk_staging ({COLUMNS}, n, record) FROM STDIN") as copy:
        for n, station in enumerate(stations):
            record = station_to_record(replace(station, version=1))
            row = [record[f] for f in _FIELDS]
            copy.write_row([*row, n, json.dumps(record, ensure_ascii=False)])
    used = conn.execute("SELECT s.id FROM stations s JOIN bulk_staging b USING (id)").fetchall()
    refuse_used_ids([row["id"] for row in used])
    now = utc_now()
    conn.execute(
        f"INSERT INTO stations ({COLUMNS}, deleted, updated_at) "
        f"SELECT {COLUMNS}, false, %s FROM bulk_staging ORDER BY n",
        (now,),
    )
    conn.execute(
        "INSERT INTO audit (station_id, version, action, actor, at, before, after, request_id, "
        "revision, note) SELECT id, 1, 'import', %s, %s, NULL, record, NULL, %s, NULL "
        "FROM bulk_staging ORDER BY n",
        (actor, now, revision),
    )
    conn.execute("DROP TABLE bulk_staging")
    return len(stations)
