"""Secret tokens for people and devices: random keys, stored only as SHA-256.

A token has 256 bits of entropy, so a plain (unsalted) SHA-256 is enough to make a leaked
table useless and still lets us look a key up by its hash in one indexed query.
"""
import hashlib
import secrets


def new_key(kind: str = "sc") -> str:
    """A new key such as `sc_Xq3...`; the prefix tells people and scanners what it is."""
    return f"{kind}_{secrets.token_urlsafe(32)}"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_prefix(key: str) -> str:
    return key[:10]


def key_from_header(value: str) -> str | None:
    """Accept `Bearer KEY` or `Token KEY` in an Authorization header."""
    parts = (value or "").split()
    if len(parts) == 2 and parts[0].lower() in {"bearer", "token"}:
        return parts[1]
    return None
