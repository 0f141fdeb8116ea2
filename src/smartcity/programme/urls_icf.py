"""UI routes: icf (views_icf.py)."""
from django.urls import path  # noqa: F401

urlpatterns = []
