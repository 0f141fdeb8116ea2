"""Models of the innovation app."""
from django.db import models  # noqa: F401
