"""UI routes: the construction permit register and its statistics (views_permits.py)."""
urlpatterns = []
