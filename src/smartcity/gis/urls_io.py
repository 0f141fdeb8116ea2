"""UI routes: a layer's page, upload with progress, export (views_io.py)."""
urlpatterns = []
