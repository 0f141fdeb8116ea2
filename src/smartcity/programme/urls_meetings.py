"""UI routes: meetings (views_meetings.py)."""
from django.urls import path  # noqa: F401

urlpatterns = []
