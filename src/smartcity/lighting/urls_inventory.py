"""UI routes: inventory lists, details, map, import and export (views_inventory.py)."""
from django.urls import path, re_path

from smartcity.lighting import views_inventory as v

urlpatterns = [
    path("luminaires/", v.luminaire_list, name="lighting-luminaires"),
    path("luminaires/<str:code>/", v.luminaire_detail, name="lighting-luminaire"),
    path("cabinets/", v.cabinet_list, name="lighting-cabinets"),
    path("cabinets/<str:code>/", v.cabinet_detail, name="lighting-cabinet"),
    path("map/", v.lighting_map, name="lighting-map"),
    path("map.json", v.map_json, name="lighting-map-json"),
    path("import/", v.import_page, name="lighting-import"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", v.export, name="lighting-export"),
    path("commands/", v.send_command, name="lighting-command"),
]
