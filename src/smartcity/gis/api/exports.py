"""API: export a layer to the formats it can be imported from."""
urlpatterns = []
router_entries = []
