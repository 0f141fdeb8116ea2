"""URL names are unique across apps: `{% url %}` and reverse() must never pick another
app's route (an API router's `<basename>-list` once shadowed a staff page)."""
from collections import defaultdict

from django.urls import URLPattern, URLResolver, get_resolver


def _names(resolver, prefix="", namespace=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _names(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name, prefix + str(p.pattern)


def _plain(route: str) -> str:
    """The route without regex anchors, trailing slash and DRF's `.json` format suffix."""
    route = route.replace(r"\.(?P<format>[a-z0-9]+)/?", "").replace("/<drf_format_suffix:format>", "")
    route = "/".join(part.removeprefix("^").removesuffix("$") for part in route.split("/"))
    return route.rstrip("/")


def test_every_url_name_points_to_one_route():
    routes = defaultdict(set)
    for name, route in _names(get_resolver()):
        routes[name].add(_plain(route))
    clashes = {name: sorted(r) for name, r in routes.items() if len(r) > 1}
    assert clashes == {}
