"""Models of the surveys app."""
from django.db import models  # noqa: F401
