"""Staff pages of quality control (views_qc.py), under /environment/manage/qc/."""
from django.urls import path

from smartcity.environment import views_qc

urlpatterns = [
    path("manage/qc/", views_qc.flag_list, name="env-qc-flags"),
    path("manage/qc/<int:pk>/", views_qc.flag_detail, name="env-qc-flag"),
]
