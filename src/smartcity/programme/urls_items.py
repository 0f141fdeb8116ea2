"""UI routes: items (views_items.py)."""
from django.urls import path  # noqa: F401

urlpatterns = []
