"""API: create, change and delete features of a layer, with history."""
urlpatterns = []
router_entries = []
