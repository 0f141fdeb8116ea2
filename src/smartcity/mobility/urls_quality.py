"""UI routes: urls_quality."""
urlpatterns = []
