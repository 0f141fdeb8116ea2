"""UI routes: meetings (views_meetings.py). Placeholder routes keep the shared URL names until the views land."""
from django.urls import path

from smartcity.programme.views_placeholder import pending

urlpatterns = [
    path("meetings/", pending, name="programme-meetings"),
    path("compiled-report/", pending, name="programme-compiled-report"),
]
