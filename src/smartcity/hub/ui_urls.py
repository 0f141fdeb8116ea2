"""Hub pages under /hub/: assets map and list, asset page, device tokens."""
urlpatterns = []
