"""UI routes of the API keys page."""
from django.urls import path

from smartcity.opendata import views_keys as v

urlpatterns = [
    path("keys/", v.keys, name="opendata-keys"),
    path("keys/<int:pk>/revoke/", v.revoke, name="opendata-key-revoke"),
]
