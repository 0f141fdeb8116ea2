"""UI routes: dashboard (views_dashboard.py). Placeholder routes keep the shared URL names until the views land."""
from django.urls import path

from smartcity.programme.views_placeholder import pending

urlpatterns = [
    path("dashboard/", pending, name="programme-dashboard"),
]
