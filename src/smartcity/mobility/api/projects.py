"""API: projects."""
router_entries = []
urlpatterns = []
