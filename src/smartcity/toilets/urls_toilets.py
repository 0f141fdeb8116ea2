"""UI routes of one concern (filled by its part)."""
urlpatterns: list = []
