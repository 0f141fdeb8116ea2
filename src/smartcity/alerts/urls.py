"""Alert pages under /alerts/."""
urlpatterns = []
