"""(to be filled): OpenAQ v3-compatible read API, mounted at /openaq/v3/."""
urlpatterns = []
