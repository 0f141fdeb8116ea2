"""Models of the research app."""
from django.db import models  # noqa: F401
