"""UI routes: the construction permit register and its statistics (views_permits.py)."""
from django.urls import path

from smartcity.gis import views_permits as v

urlpatterns = [
    path("giay-phep/", v.permit_list, name="gis-permits"),
    path("giay-phep/thong-ke/", v.permit_stats, name="gis-permit-stats"),
    path("giay-phep/<int:pk>/", v.permit_detail, name="gis-permit"),
]
