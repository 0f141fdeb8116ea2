"""UI routes: drawing and editing features in the browser, feature history (views_edit.py)."""
from django.urls import path

from smartcity.gis import views_edit as v

urlpatterns = [
    path("lop/<slug:key>/sua/", v.edit, name="gis-edit"),
    path("lop/<slug:key>/doi-tuong/<str:fid>/lich-su/", v.feature_history, name="gis-feature-history"),
]
