from django.urls import path

from smartcity.hub.api import ingest

api_urlpatterns = [
    path("observations", ingest.post_observations, name="hub-observations"),
]
