"""UI routes: helix (views_helix.py). Placeholder routes keep the shared URL names until the views land."""
from django.urls import path

from smartcity.programme.views_placeholder import pending

urlpatterns = [
    path("helix/", pending, name="programme-helix"),
]
