"""Writes a production environment file from deploy/naker.env.example with fresh secrets.

    python deploy/make_env.py OUT [KEY=VALUE ...]   # the template, secrets filled, KEY=VALUE overrides
    python deploy/make_env.py --secrets-only        # prints three fresh secrets

The file is created with mode 0600 and never overwritten (secrets must outlive a restart: the
field keys decrypt the NIKs already stored).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

TEMPLATE = Path(__file__).resolve().parent / "naker.env.example"


def fresh_secrets() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "NAKER_FIELD_KEYS": Fernet.generate_key().decode(),
        "NAKER_HASH_KEY": secrets.token_urlsafe(32),
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--secrets-only"]:
        for key, value in fresh_secrets().items():
            print(f"{key}={value}")
        return 0
    out = Path(argv[0])
    if out.exists():
        print(f"{out} exists: kept (its keys decrypt the data already stored)")
        return 0
    values = {**fresh_secrets(), **dict(arg.split("=", 1) for arg in argv[1:])}
    lines = []
    for line in TEMPLATE.read_text().splitlines():
        key = line.split("=", 1)[0]
        if line and not line.startswith("#") and key in values:
            line = f"{key}={values.pop(key)}"
        lines.append(line)
    lines += [f"{key}={value}" for key, value in values.items()]
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out} (mode 0600)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
