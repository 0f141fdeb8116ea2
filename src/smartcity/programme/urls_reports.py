"""UI routes: reports (views_reports.py). Placeholder routes keep the shared URL names until the views land."""
from django.urls import path

from smartcity.programme.views_placeholder import pending

urlpatterns = [
    path("reports/", pending, name="programme-reports"),
    path("unit-plans/", pending, name="programme-unit-plans"),
    path("overdue/", pending, name="programme-overdue"),
]
