"""UI routes of community initiatives: public (views_initiatives.py) and staff review (views_review.py)."""
from django.urls import path

from smartcity.innovation import views_initiatives as v
from smartcity.innovation import views_review as r

urlpatterns = [
    path("initiatives/", v.initiative_list, name="innovation-initiatives"),
    path("initiatives/new/", v.submit, name="innovation-initiative-new"),
    path("initiatives/confirm/<str:token>/", v.confirm, name="innovation-confirm"),
    path("initiatives/<str:reference>/", v.initiative_detail, name="innovation-initiative"),
    path("initiatives/<str:reference>/support/", v.support, name="innovation-support"),
    path("review/", r.queue, name="innovation-review-queue"),
    path("review/<str:reference>/", r.review, name="innovation-review"),
    path("review/<str:reference>/state/", r.transition, name="innovation-review-state"),
    path("review/<str:reference>/answer/", r.answer, name="innovation-review-answer"),
]
