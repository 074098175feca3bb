"""Configuration: every setting documented, and the four layers in their order."""

from __future__ import annotations

from pathlib import Path

import pytest
from apiflask import APIFlask

from finder.errors import ConfigurationError
from web import create_app
from web.http import settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_documents_every_setting(tmp_path):
    text = README.read_text(encoding="utf-8")
    for setting in settings.declared(str(tmp_path)):
        assert f"`{setting.name}`" in text, f"README does not mention {setting.name}"


def test_environment_overrides_instance_file_and_test_config_overrides_both(
    tmp_path, monkeypatch, seeded_db_template
):
    instance = tmp_path / "instance"
    instance.mkdir()
    from_file = tmp_path / "from-file.sqlite"
    from_env = tmp_path / "from-env.sqlite"
    from_test = tmp_path / "from-test.sqlite"
    for path in (from_file, from_env, from_test):
        path.write_bytes(seeded_db_template.read_bytes())
    (instance / "yizhan.cfg").write_text(f"DATABASE = {str(from_file)!r}\nMAP_TILES = 'osm'\n")
    monkeypatch.setattr(settings, "instance_path", lambda: str(instance))

    app = create_app()
    assert app.config["DATABASE"] == str(from_file)
    assert app.config["MAP_TILES"] == "osm"
    app.extensions["yizhan"].store.close()

    monkeypatch.setenv("YIZHAN_DATABASE", str(from_env))
    app = create_app()
    assert app.config["DATABASE"] == str(from_env)
    app.extensions["yizhan"].store.close()

    app = create_app({"DATABASE": str(from_test)})
    assert app.config["DATABASE"] == str(from_test)
    app.extensions["yizhan"].store.close()


def test_a_new_store_is_seeded_with_the_reference_set(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "new" / "yizhan.sqlite")})
    assert app.test_client().get("/healthz").get_json()["stations"] == 166
    app.extensions["yizhan"].store.close()


def test_the_instance_folder_is_where_flask_would_put_it():
    assert settings.instance_path() == APIFlask("web", instance_relative_config=True).instance_path


@pytest.mark.parametrize("form", ["sqlite:///{path}", "{path}"])
def test_database_is_a_sqlite_url_or_a_bare_path(tmp_path, seeded_db_template, form):
    path = tmp_path / "store.sqlite"
    path.write_bytes(seeded_db_template.read_bytes())
    app = create_app({"DATABASE": form.format(path=path)})
    assert app.extensions["yizhan"].store.path == str(path)
    app.extensions["yizhan"].store.close()


@pytest.mark.parametrize(
    ("database", "says"),
    [
        ("mysql://db/yizhan", "unknown scheme 'mysql'; known: postgres, postgresql, sqlite"),
        ("postgresql://yizhan@127.0.0.1:1/yizhan", "cannot open it as a PostgreSQL store"),
        ("sqlite://host/yizhan.sqlite", "a SQLite file has no host"),
        ("sqlite:///", "names no file"),
        ("sqlite:///x.sqlite?mode=ro", "no query"),
        ("sqlite:///{tmp}", "cannot open"),
    ],
)
def test_a_database_url_that_cannot_be_opened_is_named_at_start_up(tmp_path, database, says):
    database = database.format(tmp=tmp_path)
    with pytest.raises(ConfigurationError) as refused:  # a key: PostgreSQL requires one
        create_app({"DATABASE": database, "SECRET_KEY": "k" * 32})
    assert says in refused.value.message and repr(database) in refused.value.message
