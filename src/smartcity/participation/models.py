"""Models of the participation app."""
from django.db import models  # noqa: F401
