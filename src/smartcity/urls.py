"""Root URLs: the UI of each app, one /api/ router for every app, schema and docs."""
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from smartcity.alerts.api import urls as alerts_api
from smartcity.core.api import urls as core_api
from smartcity.environment.api import openaq as openaq_api
from smartcity.environment.api import urls as env_api
from smartcity.hub.api import urls as hub_api
from smartcity.mobility.api import urls as mobility_api
from smartcity.gis.api import urls as gis_api
from smartcity.lighting.api import urls as lighting_api
from smartcity.maintenance.api import urls as maintenance_api
from smartcity.sanitation.api import urls as sanitation_api
from smartcity.toilets.api import urls as toilets_api
from smartcity.water.api import urls as water_api
from smartcity.economy.api import urls as economy_api
from smartcity.surveys.api import urls as surveys_api
from smartcity.innovation.api import urls as innovation_api
from smartcity.research.api import urls as research_api
from smartcity.schools.api import urls as schools_api
from smartcity.opendata.api import urls as opendata_api
from smartcity.wifi.api import urls as wifi_api
from smartcity.participation.api import urls as participation_api
from smartcity.onestop.api import urls as onestop_api
from smartcity.programme.api import urls as programme_api

api_router = DefaultRouter()
for app_api in (core_api, hub_api, alerts_api):
    api_router.registry.extend(app_api.router.registry)

admin.site.site_header = _("Binh Duong Smart City")
admin.site.site_title = _("Smart City administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("smartcity.core.urls")),
    path("", include("smartcity.hub.iot_urls")),
    path("hub/", include("smartcity.hub.ui_urls")),
    path("alerts/", include("smartcity.alerts.urls")),
    path("environment/", include("smartcity.environment.urls")),
    path("mobility/", include("smartcity.mobility.urls")),
    path("programme/", include("smartcity.programme.urls")),
    path("onestop/", include("smartcity.onestop.urls")),
    path("gis/", include("smartcity.gis.urls")),
    path("ogc/", include("smartcity.gis.ogc_urls")),
    path("lighting/", include("smartcity.lighting.urls")),
    path("sanitation/", include("smartcity.sanitation.urls")),
    path("toilets/", include("smartcity.toilets.urls")),
    path("water/", include("smartcity.water.urls")),
    path("maintenance/", include("smartcity.maintenance.urls")),
    path("economy/", include("smartcity.economy.urls")),
    path("surveys/", include("smartcity.surveys.urls")),
    path("innovation/", include("smartcity.innovation.urls")),
    path("research/", include("smartcity.research.urls")),
    path("schools/", include("smartcity.schools.urls")),
    path("opendata/", include("smartcity.opendata.urls")),
    path("wifi/", include("smartcity.wifi.urls")),
    path("participation/", include("smartcity.participation.urls")),
    path("portal/", include("smartcity.portal.urls")),
    path("opscentre/", include("smartcity.opscentre.urls")),
    path("openaq/v3/", include(openaq_api.urlpatterns)),
    path("ngsi-ld/v1/", include("smartcity.hub.ngsi_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/hub/", include(hub_api.urlpatterns)),
    path("api/alerts/", include(alerts_api.urlpatterns)),
    path("api/env/", include(env_api.urlpatterns)),
    path("api/mobility/", include(mobility_api.urlpatterns)),
    path("api/programme/", include(programme_api.urlpatterns)),
    path("api/onestop/", include(onestop_api.urlpatterns)),
    path("api/gis/", include(gis_api.urlpatterns)),
    path("api/lighting/", include(lighting_api.urlpatterns)),
    path("api/sanitation/", include(sanitation_api.urlpatterns)),
    path("api/toilets/", include(toilets_api.urlpatterns)),
    path("api/water/", include(water_api.urlpatterns)),
    path("api/maintenance/", include(maintenance_api.urlpatterns)),
    path("api/economy/", include(economy_api.urlpatterns)),
    path("api/surveys/", include(surveys_api.urlpatterns)),
    path("api/innovation/", include(innovation_api.urlpatterns)),
    path("api/research/", include(research_api.urlpatterns)),
    path("api/schools/", include(schools_api.urlpatterns)),
    path("api/opendata/", include(opendata_api.urlpatterns)),
    path("api/wifi/", include(wifi_api.urlpatterns)),
    path("api/participation/", include(participation_api.urlpatterns)),
    path("api/3/action/", include(opendata_api.ckan_urlpatterns)),
    path("api/action/", include(opendata_api.ckan_unversioned_urlpatterns)),  # CKAN's unversioned mount (ckanapi's default)
    path("api/", include((api_router.urls, "api"))),
]

handler404 = "smartcity.core.views.handler404"
handler403 = "smartcity.core.views.handler403"
handler500 = "smartcity.core.views.handler500"
