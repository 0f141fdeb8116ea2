"""Models of the schools app."""
from django.db import models  # noqa: F401
