"""UI routes of the operations-centre wall under /opscentre/."""
from django.urls import path

from smartcity.opscentre import views as v

urlpatterns = [
    path("", v.wall, name="opscentre-wall"),
    path("api/state.json", v.state_json, name="api-opscentre-state"),
    path("api/layers/<slug:name>.geojson", v.layer_geojson, name="api-opscentre-layer"),
]
