"""NGSI-LD read API under /ngsi-ld/v1/."""
urlpatterns = []
