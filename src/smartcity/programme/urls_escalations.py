"""UI routes: escalations (views_escalations.py)."""
from django.urls import path  # noqa: F401

urlpatterns = []
