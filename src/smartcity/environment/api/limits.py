"""(to be filled): `router_entries` [(prefix, viewset, basename)] and `urlpatterns`."""
router_entries = []
urlpatterns = []
