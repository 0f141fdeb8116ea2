"""Vietnamese first: the language comes from the user's choice (cookie), else Vietnamese.

Django's LocaleMiddleware would follow the browser's Accept-Language and show English to
most visitors; the province's platform speaks Vietnamese unless the person asks otherwise.
`?lang=en` works too, for links and API clients.
"""
from django.conf import settings
from django.utils import translation

SUPPORTED = {code for code, _ in settings.LANGUAGES}


def request_language(request) -> str:
    """The language of a request: ?lang=, then the language cookie, then Vietnamese."""
    lang = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
    return lang if lang in SUPPORTED else settings.LANGUAGE_CODE


class VietnameseFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request_language(request)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Cookie"]))
        translation.deactivate()
        return response
