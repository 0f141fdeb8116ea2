"""OGC API - Features under /ogc/ (filled in by the OGC part: views_ogc.py)."""
urlpatterns = []
