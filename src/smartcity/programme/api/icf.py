"""REST API: icf (under /api/programme/)."""

router_entries = []
urlpatterns = []
