from rest_framework.routers import DefaultRouter

from smartcity.core.api import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet)
router.register("admin-units", views.AdministrativeUnitViewSet)
router.register("me", views.MeViewSet, basename="me")
router.register("tokens", views.ApiTokenViewSet, basename="token")
urlpatterns = router.urls
