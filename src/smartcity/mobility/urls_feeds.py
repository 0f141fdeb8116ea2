"""Staff pages of GTFS feed versions (views_feeds.py); the validation report page of a
version is in urls_validation (`mobility-feed-validation`)."""
from django.urls import path

from smartcity.mobility import views_feeds

urlpatterns = [
    path("feeds/", views_feeds.feed_list, name="mobility-feed-list"),
    path("feeds/upload/", views_feeds.feed_upload, name="mobility-feed-upload"),
    path("feeds/<int:pk>/", views_feeds.feed_detail, name="mobility-feed-detail"),
    path("feeds/<int:pk>/activate/", views_feeds.feed_activate, name="mobility-feed-activate"),
    path("feeds/<int:pk>/export/", views_feeds.feed_export, name="mobility-feed-export"),
]
