"""UI routes: a layer's page, upload with progress, a new layer (views_io.py). `lop/moi/`
comes before `lop/<key>/`, so "moi" is not a layer key (the form refuses it)."""
from django.urls import path

from smartcity.gis import views_io as v

urlpatterns = [
    path("lop/moi/", v.new_layer, name="gis-layer-new"),
    path("lop/<slug:key>/", v.layer_page, name="gis-layer"),
    path("lop/<slug:key>/nhap/", v.import_page, name="gis-layer-import"),
]
