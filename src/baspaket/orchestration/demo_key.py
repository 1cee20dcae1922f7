"""The demo's throw-away pseudonym key, kept in the project's `.env`.

`dagster dev` reads `.env` from the folder it is started in (the project's root, as the README
says), so runs started from the UI after `baspaket demo` pseudonymise the demo's months with the
same key as the demo did. The key is stored as BASPAKET_DEMO_PSEUDONYM_KEY, never as
BASPAKET_PSEUDONYM_KEY: it serves synthetic deliveries only (ingest/pseudonym.key_for), so a
real region's files can never be pseudonymised with a key that sits in a plain file.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from baspaket.ingest.pseudonym import DEMO_KEY_ENV_VAR
from baspaket.settings import PROJECT_ROOT

ENV_FILE = PROJECT_ROOT / ".env"
_LINE = re.compile(rf"^\s*{DEMO_KEY_ENV_VAR}\s*=\s*(\S+)\s*$", re.M)
_COMMENT = (
    "# Written by `baspaket demo`: the throw-away key of the synthetic demo region. It is used for\n"
    "# synthetic deliveries only; a real region's key never belongs in this file (see README, Security).\n"
)


def read_demo_key(env_file: Path | None = None) -> str | None:
    env_file = env_file or ENV_FILE
    if not env_file.is_file():
        return None
    found = _LINE.search(env_file.read_text(encoding="utf-8"))
    return found.group(1) if found else None


def load_demo_key(env_file: Path | None = None) -> None:
    """Make the demo's key visible to this process, as `dagster dev` does, unless already set."""
    key = read_demo_key(env_file)
    if key and not os.environ.get(DEMO_KEY_ENV_VAR):
        os.environ[DEMO_KEY_ENV_VAR] = key


def keep_demo_key(env_file: Path | None = None) -> str:
    """The demo's key: the one in `.env` if there is one, else a new one written there. Other
    lines of `.env` are kept as they are."""
    env_file = env_file or ENV_FILE
    key = read_demo_key(env_file)
    if key:
        return key
    key = secrets.token_hex(32)
    text = env_file.read_text(encoding="utf-8") if env_file.is_file() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    env_file.write_text(text + _COMMENT + f"{DEMO_KEY_ENV_VAR}={key}\n", encoding="utf-8")
    return key
