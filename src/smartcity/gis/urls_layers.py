"""UI routes: the GIS home with the layers (views_layers.py)."""
from django.urls import path

from smartcity.gis import views_layers as v

urlpatterns = [
    path("", v.home, name="gis-home"),
]
