"""UI routes: the working-day calendar (views_calendar.py)."""
from django.urls import path

from smartcity.onestop import views_calendar as v

urlpatterns = [
    path("lich-lam-viec/", v.calendar_year, name="onestop-calendar"),
    path("lich-lam-viec/ngay/them/", v.day_edit, name="onestop-calendar-day-add"),
    path("lich-lam-viec/ngay/<int:pk>/sua/", v.day_edit, name="onestop-calendar-day-edit"),
    path("lich-lam-viec/ngay/<int:pk>/xoa/", v.day_delete, name="onestop-calendar-day-delete"),
    path("lich-lam-viec/<int:year>/xac-nhan/", v.year_confirm, name="onestop-calendar-confirm"),
    path("lich-lam-viec/<int:year>/tinh-lai/", v.year_seed, name="onestop-calendar-seed"),
    path("lich-lam-viec/gio-lam-viec/", v.rules_edit, name="onestop-calendar-rules"),
]
