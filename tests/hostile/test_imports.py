"""The hostile import files of the attack run (issue 9), each read in a child process under a
memory limit (RLIMIT_AS) and a timeout: each is refused, or read with its warnings summarised,
in seconds and a bounded amount of memory. Before the fix each of these took gigabytes or
minutes, or left its temporary folder behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from geodata.io.gpkg_check import PREFIX, sweep_left_behind
from testsupport import hostile_files as files
from testsupport.limited_read import ROOT, read_limited

MEMORY_MB = 768  # address space of the child: python, numpy, GDAL and all
TIMEOUT_S = 60
MAX_SECONDS = 10.0
MAX_PEAK_MB = 400.0

CASES = {
    # name: (file name, make, what the first error or warning says)
    "xlsx-false-dimension": ("s.xlsx", files.xlsx_false_dimension, "is missing"),
    "xlsx-far-column": ("s.xlsx", files.xlsx_far_column, "at most 64 columns"),
    "xlsx-shared-strings": ("s.xlsx", files.xlsx_shared_strings, "250,000 shared strings"),
    "xlsx-zip-bomb": ("s.xlsx", files.xlsx_zip_bomb, "more than 2,000 characters"),
    "xlsx-entity-expansion": ("s.xlsx", files.xlsx_entity_expansion, "document type (DTD)"),
    "csv-one-point": ("s.csv", files.csv_one_point, "1,999 rows within 30 m"),
    "csv-junk-columns": ("s.csv", files.csv_junk_columns, "at most 64 columns"),
    "csv-big5": ("s.csv", lambda: files.csv_in("big5"), "Big5"),
    "csv-shift-jis": ("s.csv", lambda: files.csv_in("shift_jis"), "Shift-JIS"),
    "geojson-many-values": ("s.geojson", files.geojson_many_values, "JSON values"),
    "geojson-infinite-id": ("s.geojson", files.geojson_infinite_id, "field id: must be text"),
    "geojson-false-crs": ("s.geojson", files.geojson_false_crs, "unknown crs"),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def limited(path: Path, filename: str):
    outcome = read_limited(path, filename, memory_mb=MEMORY_MB, timeout_s=TIMEOUT_S)
    assert outcome.seconds < MAX_SECONDS, outcome
    assert outcome.peak_mb < MAX_PEAK_MB, outcome
    return outcome


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_costs_seconds_and_megabytes(folder, name):
    filename, make, says = CASES[name]
    path = folder / name
    path.write_bytes(make())
    outcome = limited(path, filename)
    said = outcome.first_error or outcome.first_warning
    assert says in said, outcome
    if name == "csv-one-point":
        assert outcome.errors == 0 and outcome.warnings == 21  # the count line and 20 rows


@pytest.mark.parametrize("make", [files.gpkg_recursive_view, files.gpkg_trigger])
def test_a_geopackage_with_a_view_or_trigger_is_refused_at_once(folder, make):
    path = folder / f"{make.__name__}.gpkg"
    path.write_bytes(make(folder))
    outcome = limited(path, "s.gpkg")
    assert "view" in outcome.first_error or "trigger" in outcome.first_error
    assert outcome.seconds < 1.0


def test_utf16_with_a_byte_order_mark_is_read(folder):
    path = folder / "utf16.csv"
    path.write_bytes(files.csv_in("utf-16"))
    outcome = limited(path, "s.csv")
    assert outcome.errors == 0, outcome


def test_an_ordinary_file_at_the_row_limit_is_read(folder):
    path = folder / "ordinary.gpkg"
    path.write_bytes(files.ordinary("gpkg", 10_000))
    outcome = limited(path, "s.gpkg")
    assert outcome.errors == 0, outcome  # valid rows, and no limit refused it


# Temporary folders, whatever happens

_SLOW_READ = """
import sys, time
import pyogrio.raw
from geodata.io.geopackage import read_gpkg
def slow(*args, **kwargs):
    print("reading", flush=True)
    time.sleep(60)
pyogrio.raw.read = slow
read_gpkg(open(sys.argv[1], "rb").read())
"""


def import_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob(f"{PREFIX}*"))


def test_a_read_killed_midway_leaves_nothing_for_long(folder):
    path = folder / "killed.gpkg"
    path.write_bytes(files.ordinary("gpkg", 20))
    before = import_folders()
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_READ, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert child.stdout.readline().strip() == "reading"
        left = import_folders() - before
        assert len(left) == 1, "the read made its folder"
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # no finally runs in the child
        child.wait(timeout=10)
        child.stdout.close()
    assert left <= import_folders(), "a kill leaves it behind..."
    assert sweep_left_behind() >= 1
    assert not (left & import_folders()), "...until the next read sweeps it"


def test_a_read_that_raises_midway_removes_its_folder(folder, monkeypatch):
    import pyogrio.raw

    from geodata.io.geopackage import read_gpkg

    seen = []

    def failing(path, **kwargs):
        seen.append(Path(path).parent)
        raise RuntimeError("GDAL fell over")

    monkeypatch.setattr(pyogrio.raw, "read", failing)
    with pytest.raises(RuntimeError):
        read_gpkg(files.ordinary("gpkg", 5))
    assert seen and not seen[0].exists()


def test_a_live_processs_folder_is_never_swept(tmp_path):
    mine = tmp_path / f"{PREFIX}{os.getpid()}-abc"
    mine.mkdir()
    dead = tmp_path / f"{PREFIX}999999999-abc"
    dead.mkdir()
    assert sweep_left_behind(str(tmp_path)) == 1
    assert mine.exists() and not dead.exists()
