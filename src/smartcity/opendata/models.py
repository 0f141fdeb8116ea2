"""Models of the open data app."""
from django.db import models  # noqa: F401
