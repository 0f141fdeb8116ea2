"""UI routes: ICF Smart21 application (views_icf.py)."""
from django.urls import path

from smartcity.programme import views_icf as v

urlpatterns = [
    path("icf/", v.home, name="programme-icf"),
    path("icf/compare/", v.compare, name="programme-icf-compare"),
    path("icf/frameworks/<slug:key>/", v.framework, name="programme-icf-framework"),
    path("icf/<int:year>/", v.application, name="programme-icf-application"),
    path("icf/<int:year>/export.zip", v.export, name="programme-icf-export"),
    path("icf/questions/<int:pk>/", v.assignment, name="programme-icf-assignment"),
    path("icf/evidence/<int:pk>/download", v.evidence_download, name="programme-icf-evidence"),
]
