"""API: quality."""
router_entries = []
urlpatterns = []
