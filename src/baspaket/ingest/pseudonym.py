"""Keyed pseudonyms for personnummer: HMAC-SHA-256 with a secret key from the environment.

The key never lives in the repository. The same person always gets the same pseudonym under the
same key, so persons can be followed across months and files; without the key a pseudonym cannot
be turned back into a personnummer, not even by trying every birth date and serial.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable
from functools import lru_cache

from baspaket.contract.personnummer import parse

KEY_ENV_VAR = "BASPAKET_PSEUDONYM_KEY"
# The demo's throw-away key (`baspaket demo` writes it to the project's .env, which `dagster dev`
# reads). It is used only for synthetic deliveries, and only when no real key is set: a real
# region's files are never pseudonymised with it.
DEMO_KEY_ENV_VAR = "BASPAKET_DEMO_PSEUDONYM_KEY"
MIN_KEY_LENGTH = 16

MISSING_KEY_MESSAGE = (
    f"{KEY_ENV_VAR} is not set. The warehouse replaces every personnummer with a keyed hash and "
    "needs a secret key for it, kept outside the repository. Create one once and keep it where "
    "the region keeps its secrets, e.g.\n"
    f"    export {KEY_ENV_VAR}=$(python -c 'import secrets; print(secrets.token_hex(32))')\n"
    "Use the same key for every load: a new key gives every person a new pseudonym."
)


class MissingPseudonymKey(RuntimeError):
    """Raised when a load is started without the pseudonym key."""


def key_for(deliveries_are_synthetic: Iterable[bool], key_env: str = KEY_ENV_VAR) -> str | None:
    """The key to pseudonymise these deliveries with: the region's key (from `key_env`); else,
    when every one of them is the demo's synthetic data, the demo's key; else none."""
    real = os.environ.get(key_env)
    if real:
        return real
    flags = list(deliveries_are_synthetic)
    if flags and all(flags):
        return os.environ.get(DEMO_KEY_ENV_VAR) or None
    return None


def validate_key(key: str | None) -> bytes:
    if not key:
        raise MissingPseudonymKey(MISSING_KEY_MESSAGE)
    if len(key) < MIN_KEY_LENGTH:
        raise MissingPseudonymKey(
            f"{KEY_ENV_VAR} is too short ({len(key)} characters; at least {MIN_KEY_LENGTH}).\n" + MISSING_KEY_MESSAGE
        )
    return key.encode("utf-8")


class Pseudonymiser:
    """Turns identifiers as delivered into stable pseudonyms."""

    def __init__(self, key: str | None):
        self._key = validate_key(key)
        self.pseudonym = lru_cache(maxsize=2_000_000)(self._pseudonym)

    def _pseudonym(self, raw: str) -> str:
        parsed = parse(raw)
        # A valid identifier is hashed in its canonical 12-digit form, so `YYYYMMDD-NNNN` and
        # `YYYYMMDDNNNN` are the same person; anything else is hashed as delivered.
        message = parsed.digits if parsed.is_valid and parsed.digits else "unparsed:" + (raw or "").strip()
        return hmac.new(self._key, message.encode("utf-8"), hashlib.sha256).hexdigest()

    def key_check(self) -> str:
        """The key's check value: the HMAC of a fixed text under it. Two loads with the same key
        give the same value, and the key cannot be found from it, so the warehouse can keep it
        and refuse a month pseudonymised under another key (`loader.check_key`)."""
        return hmac.new(self._key, b"baspaket pseudonym key check", hashlib.sha256).hexdigest()[:16]

    def install(self, con) -> None:
        """Make `hmac_sql` usable on `con`: the key's inner and outer pads (RFC 2104) in a
        temporary table, which lives in memory for this connection only and is never written."""
        key = hashlib.sha256(self._key).digest() if len(self._key) > _BLOCK else self._key
        key = key.ljust(_BLOCK, b"\0")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_PADS} AS SELECT ?::BLOB AS ipad, ?::BLOB AS opad",
            [bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)],
        )

    @staticmethod
    def hmac_sql(message: str) -> str:
        """HMAC-SHA-256 of the text `message` (a SQL expression) under the key, as hex: the same
        value as `pseudonym` gives, computed by DuckDB for a whole column at once."""
        return f"sha256((SELECT opad FROM {_PADS}) || unhex(sha256((SELECT ipad FROM {_PADS}) || encode({message}))))"


_BLOCK = 64  # SHA-256's block size in bytes
_PADS = "pseudonym_pads"
