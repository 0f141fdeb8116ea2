"""UI routes of the campaign pages (views_campaigns.py)."""
from django.urls import path

from smartcity.surveys import views_campaigns as v

urlpatterns = [
    path("v/<int:version_pk>/campaign/", v.campaign_new, name="surveys-campaign-new"),
    path("c/<int:pk>/", v.campaign, name="surveys-campaign"),
    path("c/<int:pk>/edit/", v.campaign_edit, name="surveys-campaign-edit"),
    path("c/<int:pk>/send/", v.send, name="surveys-campaign-send"),
    path("c/<int:pk>/remind/", v.remind, name="surveys-campaign-remind"),
    path("c/<int:pk>/letters.pdf", v.letters, name="surveys-campaign-letters"),
    path("c/<int:pk>/findings/", v.finding_add, name="surveys-finding-add"),
    path("c/<int:pk>/findings/<int:finding_pk>/delete/", v.finding_delete, name="surveys-finding-delete"),
    path("c/<int:pk>/results/", v.results, name="surveys-results"),
    path("c/<int:pk>/results.xlsx", v.export_xlsx, name="surveys-export"),
]
