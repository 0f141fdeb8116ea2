"""REST API: meetings (under /api/programme/)."""

router_entries = []
urlpatterns = []
