"""UI routes: icf (views_icf.py). Placeholder routes keep the shared URL names until the views land."""
from django.urls import path

from smartcity.programme.views_placeholder import pending

urlpatterns = [
    path("icf/", pending, name="programme-icf"),
    path("icf/compare/", pending, name="programme-icf-compare"),
]
