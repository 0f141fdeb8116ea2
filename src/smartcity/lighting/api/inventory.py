"""API of one concern (filled by its part): `urlpatterns` and/or `router_entries`."""
urlpatterns: list = []
router_entries: list = []
