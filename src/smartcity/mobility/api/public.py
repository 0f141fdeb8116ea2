"""API: public."""
router_entries = []
urlpatterns = []
