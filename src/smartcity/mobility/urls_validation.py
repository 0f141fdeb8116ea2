"""UI routes: validation reports."""
urlpatterns = []
