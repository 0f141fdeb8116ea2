"""API: feeds."""
router_entries = []
urlpatterns = []
