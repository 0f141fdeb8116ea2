from django.conf import settings

from smartcity.core.modules import all_modules, nav_groups


def platform(request):
    return {
        "modules": all_modules(),
        "nav_groups": nav_groups(),
        "platform_mode": settings.MODE,
        "map_tiles": settings.SMARTCITY_MAP_TILES,
    }
