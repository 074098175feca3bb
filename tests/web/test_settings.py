"""Configuration: every setting documented, and the four layers in their order."""

from __future__ import annotations

from pathlib import Path

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
    monkeypatch.setattr("web.APIFlask.auto_find_instance_path", lambda self: str(instance))

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
