"""API: search parcels by number and places by address (map viewer)."""
urlpatterns = []
router_entries = []
