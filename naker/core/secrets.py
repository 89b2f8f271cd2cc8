"""Secrets from the environment, with generated ones for development only."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

SECRET_NAMES = ("SECRET_KEY", "NAKER_FIELD_KEYS", "NAKER_HASH_KEY")


class MissingSecret(RuntimeError):
    pass


def _generate() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "NAKER_FIELD_KEYS": Fernet.generate_key().decode(),
        "NAKER_HASH_KEY": secrets.token_urlsafe(32),
    }


def load_secrets(var_dir: Path, *, production: bool) -> dict[str, str]:
    """Secrets from the environment; in development, missing ones come from var/dev-secrets.json.

    The development file is created once, so encrypted fields stay readable between runs.
    """
    found = {name: os.environ[name] for name in SECRET_NAMES if os.environ.get(name)}
    if os.environ.get("NAKER_SIGNING_KEY_PEM"):
        found["NAKER_SIGNING_KEY_PEM"] = os.environ["NAKER_SIGNING_KEY_PEM"]
    elif os.environ.get("NAKER_SIGNING_KEY_FILE"):
        # A PEM is several lines, which environment files (systemd's, `set -a; .`) cannot hold: a
        # deployment names a key file outside the repository instead (mode 0600).
        found["NAKER_SIGNING_KEY_PEM"] = Path(os.environ["NAKER_SIGNING_KEY_FILE"]).read_text()
    missing = [name for name in SECRET_NAMES if name not in found]
    if not missing:
        return found
    if production:
        raise MissingSecret(f"Set these environment variables in production: {', '.join(missing)}")
    path = var_dir / "dev-secrets.json"
    if path.exists():
        stored = json.loads(path.read_text())
    else:
        var_dir.mkdir(parents=True, exist_ok=True)
        stored = _generate()
        path.write_text(json.dumps(stored))
        path.chmod(0o600)
    return {**stored, **found}
