"""REST API: escalations (under /api/programme/)."""

router_entries = []
urlpatterns = []
