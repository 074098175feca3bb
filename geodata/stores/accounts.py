"""Accounts of the people who edit stations, and their API tokens, in the stations' own store
(SQLite or PostgreSQL: one SQL text for both, :mod:`geodata.stores.portable`).

There is no default account: the first admin is made with ``yizhan admin add-user``. Passwords
are stored as werkzeug scrypt hashes; an API token is shown once when issued and stored only as
its SHA-256 (a token is 256 random bits, so a fast hash is enough: nothing to brute-force).

>>> from geodata.stores.sqlite import SQLiteStore
>>> accounts = AccountStore(SQLiteStore(":memory:"))
>>> accounts.add_user("wang", "a long and uncommon phrase", role="editor", districts=["140105"])
User(name='wang', role='editor', districts=frozenset({'140105'}), disabled=False)
>>> token = accounts.issue_token("wang")
>>> accounts.user_for_token(token).may_edit("140106")
False
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from finder.errors import Conflict, InvalidData, NotFound
from geodata.stores.passwords import password_problem
from geodata.stores.portable import as_datetime, portable

ROLES = ("admin", "editor")
USER_NAME = re.compile(r"[\w.@-]{2,64}")
ADCODE = re.compile(r"\d{6}", re.ASCII)
# last_used_at is a hint for people reviewing tokens; writing it on every request would make
# every API call a write transaction.
LAST_USED_PRECISION = timedelta(minutes=1)
_HASH_METHOD = "scrypt"
_END_SESSIONS = "session_generation = session_generation + 1"
_USER_COLUMNS = "id, name, role, districts, created_at, disabled, session_generation"
# Names compare without regard to case: SQLite's NOCASE column and PostgreSQL's unique index on
# lower(name) both fold ASCII letters at least, and this one test reads the same on both.
_BY_NAME = "lower(name) = lower(?)"


@dataclass(frozen=True, slots=True)
class User:
    """An account: an admin may change every station, an editor those in ``districts``."""

    name: str
    role: str
    districts: frozenset[str] = frozenset()
    disabled: bool = False
    id: int = field(default=0, repr=False, compare=False)
    created_at: datetime | None = field(default=None, repr=False, compare=False)
    # Every session cookie carries the generation it was issued under; raising it (logout,
    # password change, disabling, "sign out everywhere") ends all of them at once.
    session_generation: int = field(default=1, repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_edit(self, district: str) -> bool:
        """Whether this account may change a station in ``district`` (an adcode)."""
        return not self.disabled and (self.is_admin or district in self.districts)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AccountStore:
    """Users and API tokens, on the connection (and so in the transactions) of ``store``."""

    def __init__(self, store):
        self._store = portable(store)

    def add_user(
        self, name: str, password: str, *, role: str, districts: list[str] | tuple[str, ...] = ()
    ) -> User:
        """Create an account; :class:`InvalidData` names the bad field, :class:`Conflict` a
        name in use (names compare without regard to case)."""
        _check_name(name)
        if role not in ROLES:
            raise InvalidData(f"role must be admin or editor, got {role!r}", field="role")
        codes = _checked_districts(role, districts)
        problem = password_problem(password, name)
        if problem:
            raise InvalidData(f"password refused: {problem}", field="password")
        hashed = generate_password_hash(password, method=_HASH_METHOD)
        with self._store.transaction() as conn:
            # Only the name is unique: a conflict is a name in use, on either backend.
            added = conn.execute(
                "INSERT INTO users (name, role, districts, password_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (name, role, json.dumps(sorted(codes)), hashed, _now()),
            ).rowcount
        if not added:
            raise Conflict(f"a user named {name!r} already exists", parameter="name")
        return self.get_user(name)

    def get_user(self, name: str) -> User:
        rows = self._store.query(f"SELECT {_USER_COLUMNS} FROM users WHERE {_BY_NAME}", (name,))
        if not rows:
            raise NotFound(f"no user named {name!r}", parameter="name")
        return _user_from_row(rows[0])

    def list_users(self) -> list[User]:
        rows = self._store.query(f"SELECT {_USER_COLUMNS} FROM users ORDER BY lower(name), name")
        return [_user_from_row(row) for row in rows]

    def check_password(self, name: str, password: str) -> User | None:
        """The active user with this name and password, else None (for a login form)."""
        rows = self._store.query(
            f"SELECT {_USER_COLUMNS}, password_hash FROM users WHERE {_BY_NAME}", (name,)
        )
        # Hash something either way, so that a wrong name takes as long as a wrong password.
        stored = rows[0]["password_hash"] if rows else _dummy_hash()
        matches = check_password_hash(stored, password)
        if not rows or not matches or rows[0]["disabled"]:
            return None
        return _user_from_row(rows[0])

    def set_password(self, name: str, password: str) -> None:
        problem = password_problem(password, name)
        if problem:
            raise InvalidData(f"password refused: {problem}", field="password")
        hashed = generate_password_hash(password, method=_HASH_METHOD)
        self._update_user(name, f"password_hash = ?, {_END_SESSIONS}", hashed)

    def set_disabled(self, name: str, disabled: bool) -> None:
        """Disable (or enable again) an account: its password and tokens stop working, and its
        sessions end for good (enabling it again does not bring them back)."""
        self._update_user(name, f"disabled = ?, {_END_SESSIONS}", bool(disabled))

    def end_sessions(self, name: str) -> int:
        """Sign the user out everywhere: every session issued so far stops working. Returns
        the new session generation, the one a session issued from now on must carry."""
        self._update_user(name, _END_SESSIONS)
        return self.get_user(name).session_generation

    def issue_token(self, name: str) -> str:
        """A new API token for the user: returned once, stored only as its SHA-256."""
        user = self.get_user(name)
        token = secrets.token_urlsafe(32)
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT INTO api_tokens (token_sha256, user_id, created_at) VALUES (?, ?, ?)",
                (token_digest(token), user.id, _now()),
            )
        return token

    def revoke_tokens(self, name: str) -> int:
        """Remove every token of the user; return how many there were."""
        user = self.get_user(name)
        with self._store.transaction() as conn:
            return conn.execute("DELETE FROM api_tokens WHERE user_id = ?", (user.id,)).rowcount

    def user_for_token(self, token: str) -> User | None:
        """The active user a token belongs to, else None."""
        if not token or len(token) > 256:
            return None
        digest = token_digest(token)
        rows = self._store.query(
            "SELECT u.id, u.name, u.role, u.districts, u.created_at, u.disabled, "
            "u.session_generation, t.last_used_at "
            "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ?",
            (digest,),
        )
        if not rows or rows[0]["disabled"]:
            return None
        last = rows[0]["last_used_at"]
        now = datetime.now(UTC)
        if last is None or now - as_datetime(last) >= LAST_USED_PRECISION:
            with self._store.transaction() as conn:
                conn.execute(
                    "UPDATE api_tokens SET last_used_at = ? WHERE token_sha256 = ?",
                    (now.isoformat(), digest),
                )
        return _user_from_row(rows[0])

    def _update_user(self, name: str, assignment: str, *values: object) -> None:
        with self._store.transaction() as conn:
            changed = conn.execute(
                f"UPDATE users SET {assignment} WHERE {_BY_NAME}", (*values, name)
            ).rowcount
        if not changed:
            raise NotFound(f"no user named {name!r}", parameter="name")


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not USER_NAME.fullmatch(name):
        raise InvalidData(
            f"user name must be 2 to 64 letters, digits, '.', '_', '@' or '-', got {name!r}",
            field="name",
        )


def _checked_districts(role: str, districts) -> frozenset[str]:
    codes = frozenset(districts)
    bad = sorted(c for c in codes if not isinstance(c, str) or not ADCODE.fullmatch(c))
    if bad:
        raise InvalidData(f"districts must be six-digit adcodes, got {bad!r}", field="districts")
    if role == "editor" and not codes:
        raise InvalidData("an editor needs at least one district", field="districts")
    if role == "admin" and codes:
        raise InvalidData(
            "an admin may change every district; give districts only to editors", field="districts"
        )
    return codes


def _user_from_row(row) -> User:
    return User(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        districts=frozenset(json.loads(row["districts"])),
        created_at=as_datetime(row["created_at"]),
        disabled=bool(row["disabled"]),
        session_generation=row["session_generation"],
    )


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=_HASH_METHOD)


def _now() -> str:
    return datetime.now(UTC).isoformat()
