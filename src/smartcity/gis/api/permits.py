"""API: the construction permit register."""
urlpatterns = []
router_entries = []
