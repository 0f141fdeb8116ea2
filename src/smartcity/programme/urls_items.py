"""UI routes: the plan tree and item pages (views_items.py)."""
from django.urls import path

from smartcity.programme import views_items as v

urlpatterns = [
    path("plans/<slug:code>/", v.plan_detail, name="programme-plan"),
    path("items/<int:pk>/", v.item_detail, name="programme-item"),
    path("items/<int:pk>/edit/", v.item_edit, name="programme-items-edit"),
    path("items/<int:pk>/timeline/", v.item_timeline, name="programme-items-timeline"),
    path("items/<int:pk>/tasks/", v.item_task, name="programme-items-task"),
    path("items/<int:pk>/documents/", v.item_attach, name="programme-items-attach"),
    path("items/<int:pk>/participants/", v.item_participant_add, name="programme-items-participant-add"),
    path("items/<int:pk>/participants/<int:participant>/remove/", v.item_participant_remove, name="programme-items-participant-remove"),
    path("documents/<int:pk>/download/", v.attachment_download, name="programme-items-download"),
]
