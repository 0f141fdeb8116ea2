"""UI routes: urls_realtime."""
urlpatterns = []
