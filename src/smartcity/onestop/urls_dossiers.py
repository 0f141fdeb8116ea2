"""UI routes: staff work on dossiers (views_dossiers.py): the list, intake at the counter,
one dossier with its actions, its files (downloads only) and the logged full record."""
from django.urls import path

from smartcity.onestop import views_dossiers as v

urlpatterns = [
    path("ho-so/", v.dossier_list, name="onestop-dossiers"),
    path("ho-so/tiep-nhan/", v.intake_view, name="onestop-intake"),
    path("ho-so/<int:pk>/", v.dossier_detail, name="onestop-dossier"),
    path("ho-so/<int:pk>/ca-nhan/", v.dossier_full_record, name="onestop-dossier-personal"),
    path("ho-so/<int:pk>/tai-lieu/<int:doc>/", v.dossier_document, name="onestop-dossier-document"),
    path("ho-so/<int:pk>/xu-ly/<slug:action>/", v.dossier_action, name="onestop-dossier-action"),
]
