"""Models of the wifi app."""
from django.db import models  # noqa: F401
