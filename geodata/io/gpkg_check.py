"""Check an uploaded GeoPackage with Python's SQLite, under a time budget, before GDAL opens it;
and the private temporary folders its bytes go to, removed whatever happens.

A GeoPackage is an SQLite database, and SQLite runs what the file says: a layer that is a view
over an endless recursive query hung GDAL for minutes (GDAL's own SQLite cannot be given a time
limit from Python). So the file is opened read-only and immutable by Python's sqlite3 first, with
a progress handler that interrupts it after :data:`MAX_GPKG_SECONDS`, and refused if it holds
anything an importer of stations does not need: any view, any virtual table but GDAL's R*-tree
index, any trigger but GDAL's and the standard's bookkeeping ones; a layer with more than
:data:`MAX_ROWS` rows or :data:`MAX_COLUMNS` columns is refused by counting, before it is read.
Only then does GDAL read it (two SQLite libraries never have it open at once).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from geodata.io.limits import MAX_COLUMNS, MAX_GPKG_SECONDS, MAX_ROWS
from geodata.io.readers import FileProblem

PREFIX = "yizhan-import-"
# Triggers GDAL and the GeoPackage standard create: spatial index and feature-count upkeep.
_ALLOWED_TRIGGERS = re.compile(
    r"(rtree_.+|gpkg_.+|trigger_(insert|delete)_feature_count_.+)", re.IGNORECASE
)
_RTREE = re.compile(r"CREATE\s+VIRTUAL\s+TABLE\s+\S+\s+USING\s+rtree\s*\(", re.IGNORECASE)
_CHECKS_PER_CALLBACK = 10_000


@contextlib.contextmanager
def private_folder() -> Iterator[Path]:
    """A new folder only we can read, removed on leaving; folders that killed processes left
    behind (a kill runs no ``finally``) are swept first. Named with the process id, so that a
    folder whose process is alive is never taken for one left behind."""
    sweep_left_behind()
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_left_behind(root: str | None = None) -> int:
    """Remove the import folders of processes that no longer exist; return how many."""
    removed = 0
    for folder in Path(root or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        pid = folder.name[len(PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check_geopackage(path: Path, layer: str) -> str:
    """The layer to read (``layer`` if present, else the first feature table); raises
    :class:`FileProblem` for what no station file needs, or when checking takes too long."""
    deadline = time.monotonic() + MAX_GPKG_SECONDS
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise FileProblem(f"could not read the GeoPackage: {exc}") from None
    conn.set_progress_handler(lambda: time.monotonic() > deadline, _CHECKS_PER_CALLBACK)
    try:
        return _checked_layer(conn, layer)
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise FileProblem(
                f"checking the GeoPackage took more than {MAX_GPKG_SECONDS:.0f} s; "
                "a station file is read in far less"
            ) from None
        raise FileProblem(f"could not read the GeoPackage: {exc}") from None
    except sqlite3.Error as exc:
        raise FileProblem(f"could not read the GeoPackage: {exc}") from None
    finally:
        conn.close()


def _checked_layer(conn: sqlite3.Connection, wanted: str) -> str:
    schema = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    for kind, name, sql in schema:
        if kind == "view":
            raise FileProblem(
                f"the GeoPackage holds a view ({name!r}); import a file of plain tables"
            )
        if kind == "trigger" and not _ALLOWED_TRIGGERS.fullmatch(name):
            raise FileProblem(
                f"the GeoPackage holds a trigger ({name!r}) a station file does not need"
            )
        virtual = kind == "table" and (sql or "").lstrip().upper().startswith("CREATE VIRTUAL")
        if virtual and not _RTREE.match(sql):
            raise FileProblem(f"the GeoPackage holds a virtual table ({name!r})")
    layers = [
        row[0]
        for row in conn.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid"
        )
    ]
    tables = {name for kind, name, _ in schema if kind == "table"}
    if not layers:
        raise FileProblem("the GeoPackage has no layers")
    layer = wanted if wanted in layers else layers[0]
    if layer not in tables:
        raise FileProblem(f"the GeoPackage layer {layer!r} is not a table")
    columns = conn.execute("SELECT count(*) FROM pragma_table_info(?)", (layer,)).fetchone()[0]
    if columns > MAX_COLUMNS:
        raise FileProblem(
            f"the layer {layer!r} has {columns:,} columns; a station file has at most {MAX_COLUMNS}"
        )
    quoted = '"' + layer.replace('"', '""') + '"'
    rows = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {quoted} LIMIT ?)", (MAX_ROWS + 1,))
    if rows.fetchone()[0] > MAX_ROWS:
        raise FileProblem(f"the file has more than {MAX_ROWS:,} rows; split it")
    return layer
