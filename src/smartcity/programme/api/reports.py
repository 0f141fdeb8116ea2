"""REST API: reports (under /api/programme/)."""

router_entries = []
urlpatterns = []
