"""UI routes of the network of startup centres (views_centres.py)."""
from django.urls import path

from smartcity.innovation import views_centres as v

urlpatterns = [path("centres/", v.centre_map, name="innovation-centres")]
