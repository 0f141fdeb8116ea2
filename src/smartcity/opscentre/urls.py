"""UI routes of the operations-centre wall under /opscentre/."""
urlpatterns = []
