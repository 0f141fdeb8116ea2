"""(to be filled)."""
urlpatterns = []
