"""`smartcity lighting sun --date YYYY-MM-DD --lat LAT --lon LON [--tz ZONE]`: sunrise and
sunset in local time ISO 8601, exactly the times the schedule engine (astro.py) uses."""
import datetime as dt
import json
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import CommandError

from smartcity.lighting import astro


def _handle(command, options):
    try:
        day = dt.date.fromisoformat(options["date"]) if options["date"] else dt.datetime.now(ZoneInfo(options["tz"])).date()
    except ValueError:
        raise CommandError(f"--date is YYYY-MM-DD, not {options['date']!r}") from None
    except ZoneInfoNotFoundError:
        raise CommandError(f"unknown time zone {options['tz']!r}") from None
    lat, lon = options["lat"], options["lon"]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CommandError("--lat is -90..90 and --lon -180..180")
    try:
        zone = ZoneInfo(options["tz"])
    except ZoneInfoNotFoundError:
        raise CommandError(f"unknown time zone {options['tz']!r}") from None
    try:
        rise, set_ = astro.sunrise(day, lat, lon, zone), astro.sunset(day, lat, lon, zone)
    except astro.NoSunEvent as exc:
        raise CommandError(str(exc)) from None
    if options["json"]:
        command.stdout.write(json.dumps({"date": day.isoformat(), "lat": lat, "lon": lon, "tz": options["tz"],
                                         "sunrise": rise.isoformat(), "sunset": set_.isoformat()}))
    else:
        command.stdout.write(f"sunrise {rise.isoformat()}")
        command.stdout.write(f"sunset {set_.isoformat()}")


def register(sub) -> None:
    p = sub.add_parser("sun", help="sunrise and sunset (local ISO 8601) as the schedule engine computes them")
    p.add_argument("--date", help="YYYY-MM-DD (default: today in --tz)")
    p.add_argument("--lat", type=float, required=True)
    p.add_argument("--lon", type=float, required=True)
    p.add_argument("--tz", default=astro.DEFAULT_TZ, help="IANA time zone (default Asia/Ho_Chi_Minh)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handle)
