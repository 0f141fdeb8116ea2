"""UI routes: working sessions of the boards and the compiled report (views_meetings.py)."""
from django.urls import path

from smartcity.programme import views_meetings as v

urlpatterns = [
    path("meetings/", v.meeting_list, name="programme-meetings"),
    path("meetings/new/", v.meeting_create, name="programme-meetings-create"),
    path("meetings/<int:pk>/", v.meeting_detail, name="programme-meetings-detail"),
    path("meetings/<int:pk>/edit/", v.meeting_edit, name="programme-meetings-edit"),
    path("meetings/<int:pk>/decisions/new/", v.decision_create, name="programme-meetings-decision-create"),
    path("meetings/<int:pk>/decisions/<int:did>/edit/", v.decision_edit, name="programme-meetings-decision-edit"),
    path("meetings/<int:pk>/attachments/", v.attachment_upload, name="programme-meetings-attach"),
    path("meetings/<int:pk>/attachments/<int:aid>/", v.attachment_download, name="programme-meetings-attachment"),
    path("compiled-report/", v.compiled_report, name="programme-compiled-report"),
]
