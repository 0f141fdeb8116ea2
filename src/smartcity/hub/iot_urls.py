"""FIWARE IoT Agent compatible HTTP endpoints (/iot/d, /iot/json)."""
from django.urls import path

from smartcity.hub.api import iot

urlpatterns = [
    path("iot/d", iot.ultralight, name="iot-ultralight"),
    path("iot/json", iot.json_measures, name="iot-json"),
]
