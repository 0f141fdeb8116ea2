"""API: planning (filled in by its part)."""
router_entries = []
urlpatterns = []
