"""REST API: public (under /api/programme/)."""

router_entries = []
urlpatterns = []
