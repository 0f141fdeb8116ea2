"""UI routes: dashboard (views_dashboard.py)."""
from django.urls import path  # noqa: F401

urlpatterns = []
