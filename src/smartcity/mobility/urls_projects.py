"""UI routes: urls_projects."""
urlpatterns = []
