"""UI routes: GeoJSON tiles with geometry generalised per zoom (views_tiles.py)."""
urlpatterns = []
