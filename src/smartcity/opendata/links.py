"""Links to a resource's download endpoint (counted) and preview (not counted)."""
from django.urls import reverse


def download_url(resource) -> str:
    """The counted download endpoint of a generated file; the external URL otherwise."""
    if resource.generator:
        return reverse("opendata-download", args=[resource.uuid, resource.filename or resource.key])
    return resource.url


def absolute(base: str, url: str) -> str:
    return url if not url or url.startswith(("http://", "https://")) else base + url
