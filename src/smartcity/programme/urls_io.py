"""UI routes: io (views_io.py). Placeholder routes keep the shared URL names until the views land."""
from django.urls import path

from smartcity.programme.views_placeholder import pending

urlpatterns = [
    path("items/export/", pending, name="programme-items-export"),
    path("items/import/", pending, name="programme-items-import"),
]
