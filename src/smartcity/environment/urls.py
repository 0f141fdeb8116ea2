"""UI routes of the environment app, one module per concern (each with its own views)."""
from smartcity.environment import urls_files, urls_limits, urls_public, urls_qc, urls_stations

urlpatterns = [*urls_public.urlpatterns, *urls_stations.urlpatterns, *urls_files.urlpatterns,
               *urls_qc.urlpatterns, *urls_limits.urlpatterns]
