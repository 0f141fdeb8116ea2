"""UI routes: events (views_events.py). Placeholder routes keep the shared URL names until the views land."""
from django.urls import path

from smartcity.programme.views_placeholder import pending

urlpatterns = [
    path("events/", pending, name="programme-events"),
    path("memberships/", pending, name="programme-memberships"),
    path("strategic/", pending, name="programme-strategic"),
]
