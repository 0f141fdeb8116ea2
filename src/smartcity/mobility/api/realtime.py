"""API: realtime."""
router_entries = []
urlpatterns = []
