"""REST API: events (under /api/programme/)."""

router_entries = []
urlpatterns = []
