from django.urls import path

from smartcity.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<slug:code>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<slug:code>/edit/", views.OrganisationEditView.as_view(), name="organisation-edit"),
    path("admin-units/", views.admin_units, name="admin-units"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
