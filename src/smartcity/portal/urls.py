"""UI routes of the public Smart City website under /portal/."""
urlpatterns = []
