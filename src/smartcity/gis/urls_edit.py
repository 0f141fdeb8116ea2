"""UI routes: drawing and editing features in the browser, feature history (views_edit.py)."""
urlpatterns = []
