"""Transport project pages (views_projects.py) under /mobility/projects/."""
from django.urls import path

from smartcity.mobility import views_projects as v

urlpatterns = [
    path("projects/", v.project_list, name="mobility-projects"),
    path("projects/new/", v.project_create, name="mobility-project-create"),
    path("projects/<slug:code>/", v.project_detail, name="mobility-project-detail"),
    path("projects/<slug:code>/edit/", v.project_edit, name="mobility-project-edit"),
]
