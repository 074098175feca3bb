"""`yizhan serve`: the bind address from --host or $HOST, and gunicorn's own TLS for a trial."""

from __future__ import annotations

from click.testing import CliRunner

import web.cli as cli


def run_serve(monkeypatch, tmp_path, *args, env=None):
    calls = []
    monkeypatch.setattr(cli.init_db, "callback", lambda: None)
    monkeypatch.setattr(cli.os, "execv", lambda exe, argv: calls.append(argv))
    result = CliRunner().invoke(cli.main, ["serve", *args], env=env or {})
    return result, calls


def test_host_from_the_environment(monkeypatch, tmp_path):
    result, calls = run_serve(monkeypatch, tmp_path, env={"HOST": "0.0.0.0", "PORT": "9000"})
    assert result.exit_code == 0, result.output
    assert "0.0.0.0:9000" in calls[0]
    assert "http://0.0.0.0:9000" in result.output


def test_tls_for_a_quick_trial(monkeypatch, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("x")
    key.write_text("y")
    result, calls = run_serve(monkeypatch, tmp_path, "--certfile", str(cert), "--keyfile", str(key))
    assert result.exit_code == 0, result.output
    argv = calls[0]
    assert argv[argv.index("--certfile") + 1] == str(cert)
    assert argv[argv.index("--keyfile") + 1] == str(key)
    assert argv[-1] == "web:create_app()"
    assert "https://127.0.0.1:8000" in result.output


def test_a_certificate_needs_its_key(monkeypatch, tmp_path):
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    result, calls = run_serve(monkeypatch, tmp_path, "--certfile", str(cert))
    assert result.exit_code == 2 and calls == []
    assert "--keyfile" in result.output
