"""UI routes: reports (views_reports.py): on-time rates, overdue, processing times,
volumes, the monthly Excel export."""
from django.urls import path

from smartcity.onestop.placeholders import todo

urlpatterns = [
    path("bao-cao/", todo, name="onestop-reports"),
    path("bao-cao/xuat/", todo, name="onestop-reports-export"),
]
