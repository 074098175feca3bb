"""Opening stores from a URL (geodata.stores.registry): SQLite URLs and bare paths, a backend
registered by scheme, and clear errors naming a URL that cannot be opened."""

from __future__ import annotations

import pytest

from finder.errors import ConfigurationError
from geodata.stores import registry
from geodata.stores.registry import open_store
from geodata.stores.sqlite import SQLiteStore

OPENED: list[str] = []


def open_fake(url: str) -> SQLiteStore:
    """A backend for the test scheme ``fake:``: remembers the URL, keeps nothing."""
    OPENED.append(url)
    return SQLiteStore(":memory:")


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///{tmp}/a.sqlite", "{tmp}/a.sqlite"),
        ("SQLITE:///{tmp}/b.sqlite", "{tmp}/b.sqlite"),
        ("{tmp}/c.sqlite", "{tmp}/c.sqlite"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_sqlite_urls_and_bare_paths(tmp_path, url, path):
    with open_store(url.format(tmp=tmp_path)) as store:
        assert store.path == path.format(tmp=tmp_path)
        assert store.revision() == 0


def test_a_relative_sqlite_url_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///data/yizhan.sqlite") as store:
        assert store.path == "data/yizhan.sqlite"
    assert (tmp_path / "data" / "yizhan.sqlite").is_file()


def test_a_path_object_is_a_bare_path(tmp_path):
    with open_store(tmp_path / "d.sqlite") as store:
        assert store.path == str(tmp_path / "d.sqlite")


def test_a_registered_backend_opens_its_scheme(monkeypatch):
    monkeypatch.setattr(registry, "_BACKENDS", dict(registry._BACKENDS))
    registry.register("Fake", f"{__name__}:open_fake")
    assert registry.schemes() == ["fake", "sqlite"]
    open_store("fake://somewhere/yizhan").close()
    assert OPENED[-1] == "fake://somewhere/yizhan"


@pytest.mark.parametrize("database", ["", "   ", 5432, None])
def test_a_database_that_is_no_url_nor_path_is_named(database):
    with pytest.raises(ConfigurationError, match="must be a store URL or a file path"):
        open_store(database)


def test_an_unknown_scheme_names_the_url_and_the_known_schemes():
    with pytest.raises(ConfigurationError) as refused:
        open_store("postgresql://db.example.org/yizhan")
    assert refused.value.message == (
        "DATABASE 'postgresql://db.example.org/yizhan' has the unknown scheme 'postgresql'; "
        "known: sqlite"
    )
    assert refused.value.parameter == "DATABASE"


def test_a_file_that_is_not_sqlite_is_named(tmp_path):
    path = tmp_path / "not.sqlite"
    path.write_bytes(b"this is not a database file, but long enough to look like one" * 20)
    with pytest.raises(ConfigurationError, match=f"cannot open {path} as a SQLite store"):
        open_store(f"sqlite:///{path}")
