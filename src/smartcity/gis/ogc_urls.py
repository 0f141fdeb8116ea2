"""OGC API - Features Part 1 under /ogc/ (views_ogc.py)."""
from django.urls import path

from smartcity.gis import views_ogc

urlpatterns = [
    path("", views_ogc.landing, name="ogc-landing"),
    path("conformance", views_ogc.conformance, name="ogc-conformance"),
    path("api", views_ogc.api, name="ogc-api"),
    path("collections", views_ogc.collections, name="ogc-collections"),
    path("collections/<str:collection_id>", views_ogc.collection, name="ogc-collection"),
    path("collections/<str:collection_id>/items", views_ogc.items, name="ogc-items"),
    path("collections/<str:collection_id>/items/<str:feature_id>", views_ogc.item, name="ogc-item"),
]
