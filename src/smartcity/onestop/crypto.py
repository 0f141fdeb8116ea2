"""Personal data encrypted at rest (Decree 13/2023/NĐ-CP): a text field stored as a Fernet
token (AES-128-CBC + HMAC-SHA256) under the keys in settings.FIELD_ENCRYPTION_KEYS (the
first encrypts, all decrypt, so keys can be rotated), plus the masks shown in lists.

Encrypted columns cannot be searched or sorted: lists use the masked copies, lookups use
keyed hashes (`keyed_hash`)."""
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "enc1:"  # marks a stored token, so a clear value is never mistaken for one


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise ValueError("stored value is not an encrypted token")
    try:
        return fernet().decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: unknown key or tampered value") from exc


def keyed_hash(value: str, purpose: str) -> str:
    """HMAC-SHA256 of a value under the first field key, separated by purpose: lets us
    check 'the last 4 digits of the phone' without storing them in clear."""
    key = hashlib.sha256(("smartcity-onestop:" + purpose + ":" + settings.FIELD_ENCRYPTION_KEYS[0]).encode()).digest()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def mask(value: str, keep_start: int = 0, keep_end: int = 3) -> str:
    """'079123456789' -> '*********789'; short values are fully masked."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + (value[-keep_end:] if keep_end else "")


class EncryptedTextField(models.TextField):
    """Clear text in Python, a Fernet token in the database."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
