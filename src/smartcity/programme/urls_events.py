"""UI routes: events (views_events.py)."""
from django.urls import path  # noqa: F401

urlpatterns = []
