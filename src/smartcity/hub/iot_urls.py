"""FIWARE IoT Agent compatible HTTP endpoints (/iot/d, /iot/json)."""
urlpatterns = []
