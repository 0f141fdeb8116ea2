"""UI routes: reports (views_reports.py): on-time rates, overdue, processing times,
volumes, the monthly Excel export."""
from django.urls import path

from smartcity.onestop import views_reports as views

urlpatterns = [
    path("bao-cao/", views.reports_page, name="onestop-reports"),
    path("bao-cao/xuat/", views.export, name="onestop-reports-export"),
]
