"""The usage report route (an APIView beside the routers)."""
from django.urls import path

from smartcity.wifi.api.hotspots import UsageView

urlpatterns = [path("usage/", UsageView.as_view(), name="api-wifi-usage")]
