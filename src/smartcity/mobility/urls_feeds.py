"""UI routes: urls_feeds."""
urlpatterns = []
