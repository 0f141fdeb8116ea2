"""UI routes: the map viewer (views_map.py)."""
urlpatterns = []
