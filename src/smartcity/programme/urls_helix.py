"""UI routes: helix (views_helix.py)."""
from django.urls import path  # noqa: F401

urlpatterns = []
