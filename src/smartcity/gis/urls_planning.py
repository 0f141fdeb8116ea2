"""UI routes: the planning check of permit dossiers (views_planning.py)."""
urlpatterns = []
