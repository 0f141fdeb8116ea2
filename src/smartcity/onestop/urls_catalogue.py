"""UI routes: the procedure catalogue (views_catalogue.py)."""
from django.urls import path

from smartcity.onestop import views_catalogue as v

urlpatterns = [
    path("thu-tuc/", v.catalogue, name="onestop-catalogue"),
    path("thu-tuc/mau/<int:pk>/", v.template_download, name="onestop-catalogue-template"),
    path("thu-tuc/<str:code>/", v.procedure, name="onestop-procedure"),
    path("thu-tuc/<str:code>/phien-ban/moi/", v.version_new, name="onestop-version-new"),
    path("thu-tuc/<str:code>/phien-ban/<int:number>/sua/", v.version_edit, name="onestop-version-edit"),
    path("thu-tuc/<str:code>/phien-ban/<int:number>/ban-hanh/", v.version_put_in_force, name="onestop-version-in-force"),
    path("thu-tuc/<str:code>/phien-ban/<int:number>/xoa/", v.version_delete, name="onestop-version-delete"),
]
