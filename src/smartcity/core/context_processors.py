from django.conf import settings

from smartcity.core.modules import all_modules


def platform(request):
    return {
        "modules": all_modules(),
        "platform_mode": settings.MODE,
        "map_tiles": settings.SMARTCITY_MAP_TILES,
    }
