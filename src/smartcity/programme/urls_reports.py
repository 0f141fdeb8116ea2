"""UI routes: reports (views_reports.py)."""
from django.urls import path  # noqa: F401

urlpatterns = []
