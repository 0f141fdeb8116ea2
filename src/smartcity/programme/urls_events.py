"""UI routes: international cooperation and strategic projects (views_events.py)."""
from django.urls import path

from smartcity.programme import views_events as v

urlpatterns = [
    path("events/", v.event_list, name="programme-events"),
    path("events/new/", v.event_create, name="programme-events-new"),
    path("events/calendar.ics", v.events_ics, name="programme-events-ics"),
    path("events/documents/<int:pk>/", v.attachment_download, name="programme-events-attachment"),
    path("events/<slug:code>/", v.event_detail, name="programme-events-detail"),
    path("events/<slug:code>/edit/", v.event_edit, name="programme-events-edit"),
    path("events/<slug:code>/delete/", v.event_delete, name="programme-events-delete"),
    path("events/<slug:code>/participants/", v.participant_add, name="programme-events-participant-add"),
    path("events/<slug:code>/participants/<int:pk>/delete/", v.participant_delete, name="programme-events-participant-delete"),
    path("events/<slug:code>/documents/", v.attachment_add, name="programme-events-attachment-add"),
    path("memberships/", v.membership_list, name="programme-memberships"),
    path("memberships/new/", v.membership_create, name="programme-events-membership-new"),
    path("memberships/<int:pk>/edit/", v.membership_edit, name="programme-events-membership-edit"),
    path("strategic/", v.strategic, name="programme-strategic"),
    path("strategic/<int:item_pk>/milestones/new/", v.milestone_create, name="programme-events-milestone-new"),
    path("strategic/milestones/<int:pk>/edit/", v.milestone_edit, name="programme-events-milestone-edit"),
    path("strategic/milestones/<int:pk>/delete/", v.milestone_delete, name="programme-events-milestone-delete"),
    path("strategic/<int:item_pk>/studies/", v.study_add, name="programme-events-study-add"),
]
