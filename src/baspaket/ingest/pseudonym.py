"""Keyed pseudonyms for personnummer: HMAC-SHA-256 with a secret key from the environment.

The key never lives in the repository. The same person always gets the same pseudonym under the
same key, so persons can be followed across months and files; without the key a pseudonym cannot
be turned back into a personnummer, not even by trying every birth date and serial.
"""

from __future__ import annotations

import base64
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
# A pseudonym is the HMAC's first 9 bytes (72 bits) in URL-safe base64: 12 characters. DuckDB
# keeps a string of up to 12 bytes inside the value itself, so the joins and groupings on persons
# that most models do compare two 16-byte values instead of following pointers to 64 hex
# characters: a month's listed persons joined to a year of contacts took 3.2 s against 5.9 s
# (docs/performance.md). 72 bits are ample for telling persons apart: the chance that any two of
# Sweden's 10.5 million share one is about 1 in 10^8. Without the key a pseudonym still cannot be
# turned back into a personnummer (docs/choices/running-the-warehouse.md).
PSEUDONYM_BYTES = 9

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
        digest = hmac.new(self._key, message.encode("utf-8"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:PSEUDONYM_BYTES]).decode("ascii")

    def key_check(self) -> str:
        """The key's check value: the HMAC of a fixed text under it. Two loads with the same key
        give the same value, and the key cannot be found from it, so the warehouse can keep it
        and refuse a month pseudonymised under another key (`loader.check_key`)."""
        return hmac.new(self._key, b"baspaket pseudonym key check", hashlib.sha256).hexdigest()[:16]

    def install(self, con) -> None:
        """Make `pseudonym_sql` usable on `con`: the key's inner and outer pads (RFC 2104) in a
        temporary table, which lives in memory for this connection only and is never written."""
        key = hashlib.sha256(self._key).digest() if len(self._key) > _BLOCK else self._key
        key = key.ljust(_BLOCK, b"\0")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_PADS} AS SELECT ?::BLOB AS ipad, ?::BLOB AS opad",
            [bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)],
        )

    @staticmethod
    def pseudonym_sql(message: str) -> str:
        """The pseudonym of the text `message` (a SQL expression): the same value as `pseudonym`
        gives, computed by DuckDB for a whole column at once."""
        hmac_hex = (
            f"sha256((SELECT opad FROM {_PADS}) || unhex(sha256((SELECT ipad FROM {_PADS}) || encode({message}))))"
        )
        return shortened_sql(hmac_hex)


def shortened_sql(hmac_hex: str) -> str:
    """The pseudonym made of an HMAC-SHA-256 in hex (a SQL expression): its first PSEUDONYM_BYTES
    bytes in URL-safe base64. Also what turns the 64-character pseudonyms of a warehouse made
    before into the same persons' pseudonyms now (ingest/upgrades.py)."""
    return f"translate(to_base64(unhex(left({hmac_hex}, {2 * PSEUDONYM_BYTES}))), '+/', '-_')"


_BLOCK = 64  # SHA-256's block size in bytes
_PADS = "pseudonym_pads"
