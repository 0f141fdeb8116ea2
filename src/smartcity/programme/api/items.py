"""REST API: items (under /api/programme/)."""

router_entries = []
urlpatterns = []
