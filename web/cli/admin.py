"""``yizhan admin``: accounts and API tokens. There is no default account; make the first here.

The store is opened from the app's configuration (:mod:`web.cli.stores`), so ``DATABASE`` and
``YIZHAN_DATABASE`` apply.
"""

from __future__ import annotations

import sys

import click

from web.cli.stores import open_configured_store


def _accounts():

    return open_configured_store().accounts()


def _read_password(name: str) -> str:
    """From the terminal, asked twice and not echoed; else the first line of stdin."""
    if sys.stdin.isatty():
        return click.prompt(
            f"password for {name}", hide_input=True, confirmation_prompt=True, err=True
        )
    return sys.stdin.readline().rstrip("\r\n")


def _districts(raw: str | None) -> list[str]:
    return [code.strip() for code in (raw or "").split(",") if code.strip()]


@click.group("admin")
def admin() -> None:
    """Accounts of the people who edit stations, and their API tokens."""


@admin.command("add-user")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "editor"]), required=True)
@click.option(
    "--districts", help="Comma-separated adcodes an editor may change, e.g. 140105,140106"
)
def add_user(name: str, role: str, districts: str | None) -> None:
    """Create an account; its password is read from stdin (at least 12 characters, not a
    common one)."""
    from finder.errors import YizhanError
    from geodata.reference import load_vocabulary

    codes = _districts(districts)
    unknown = sorted(set(codes) - load_vocabulary().district_codes)
    if unknown:
        raise click.UsageError(f"unknown district adcodes: {', '.join(unknown)}")
    password = _read_password(name)
    try:
        user = _accounts().add_user(name, password, role=role, districts=codes)
    except YizhanError as exc:
        raise click.ClickException(exc.message) from None
    where = f" for districts {', '.join(sorted(user.districts))}" if user.districts else ""
    click.echo(f"added {user.role} {user.name}{where}")


@admin.command("token")
@click.argument("name")
def token(name: str) -> None:
    """Print a new API token for NAME (shown once; only its hash is stored)."""
    from finder.errors import YizhanError

    try:
        click.echo(_accounts().issue_token(name))
    except YizhanError as exc:
        raise click.ClickException(exc.message) from None


@admin.command("list-users")
def list_users() -> None:
    """The accounts, one a line: name, role, districts, and whether disabled."""
    for user in _accounts().list_users():
        districts = ",".join(sorted(user.districts)) or "-"
        state = " (disabled)" if user.disabled else ""
        click.echo(f"{user.name}\t{user.role}\t{districts}{state}")


@admin.command("disable-user")
@click.argument("name")
@click.option("--enable", is_flag=True, help="Enable the account again.")
def disable_user(name: str, enable: bool) -> None:
    """Disable an account: its password, tokens and sessions stop working at once (enabling
    it again does not bring its old sessions back)."""
    from finder.errors import YizhanError

    try:
        _accounts().set_disabled(name, not enable)
    except YizhanError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"{'enabled' if enable else 'disabled'} {name}")


@admin.command("sign-out")
@click.argument("name")
def sign_out(name: str) -> None:
    """Sign NAME out everywhere: every admin-page session of the account ends at once."""
    from finder.errors import YizhanError

    try:
        _accounts().end_sessions(name)
    except YizhanError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"signed {name} out everywhere")


@admin.command("set-password")
@click.argument("name")
def set_password(name: str) -> None:
    """Set NAME's password (read as for add-user); every session of the account ends."""
    from finder.errors import YizhanError

    password = _read_password(name)
    try:
        _accounts().set_password(name, password)
    except YizhanError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"password of {name} changed; signed out everywhere")
