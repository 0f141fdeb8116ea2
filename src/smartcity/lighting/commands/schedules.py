"""`smartcity lighting night --group CODE [--date D]`: a group's timeline of the night;
`smartcity lighting acks [--url MQTT_URL]`: record controllers' acknowledgements from MQTT;
`smartcity lighting send --group CODE --action dim --level 50`: a command from the shell;
`smartcity lighting push-schedules [--date D]`: every group's night to its controllers (the
worker does it daily at 15:00)."""
import datetime as dt
import json

from django.conf import settings
from django.core.management.base import CommandError


def _night(command, options):
    from smartcity.lighting import services
    from smartcity.lighting.models import LightingGroup

    group = LightingGroup.objects.filter(code=options["group"]).select_related("calendar").first()
    if group is None:
        raise CommandError(f"no lighting group {options['group']!r}")
    day = dt.date.fromisoformat(options["date"]) if options["date"] else None
    tl = services.group_timeline(group, day)
    if tl is None:
        raise CommandError("the group follows no calendar, or no program applies that night")
    command.stdout.write(json.dumps(tl.as_dict(), indent=2))


def _acks(command, options):
    from smartcity.lighting.control import AckListener

    url = options["url"] or settings.MQTT_URL or "mqtt://127.0.0.1:1883"
    listener = AckListener(url, options["client_id"])
    command.stdout.write(f"listening for acknowledgements on {url}")
    listener.run(max_seconds=options["max_seconds"])
    command.stdout.write(f"acks recorded: {listener.received}")


def _send(command, options):
    from smartcity.lighting import control
    from smartcity.lighting.models import LightingGroup

    group = None
    if options["group"]:
        group = LightingGroup.objects.filter(code=options["group"]).first()
        if group is None:
            raise CommandError(f"no lighting group {options['group']!r}")
        lums = control.luminaires_for(group=group)
    else:
        lums = control.luminaires_for(codes=[options["luminaire"]])
    try:
        cmds = control.issue(lums, options["action"], level=options["level"], group=group)
    except control.CommandError as exc:
        raise CommandError(str(exc)) from None
    command.stdout.write(f"batch {cmds[0].batch}: {len(cmds)} command(s) over {cmds[0].transport}")


def _push(command, options):
    from smartcity.lighting import control

    day = dt.date.fromisoformat(options["date"]) if options["date"] else None
    for code, result in control.push_schedules(day).items():
        command.stdout.write(f"{code}: {result}")


def register(sub) -> None:
    p = sub.add_parser("night", help="a group's switching and dimming timeline for a night (JSON)")
    p.add_argument("--group", required=True)
    p.add_argument("--date", help="YYYY-MM-DD, the evening's date (default: tonight)")
    p.set_defaults(handler=_night)
    p = sub.add_parser("acks", help="record controllers' acknowledgements from the MQTT broker")
    p.add_argument("--url", help="default MQTT_URL")
    p.add_argument("--client-id", default="smartcity-lighting-acks")
    p.add_argument("--max-seconds", type=float)
    p.set_defaults(handler=_acks)
    p = sub.add_parser("send", help="send a command to a group's or a luminaire's controllers")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--group")
    g.add_argument("--luminaire")
    p.add_argument("--action", required=True, choices=["switch_on", "switch_off", "dim", "schedule"])
    p.add_argument("--level", type=int)
    p.set_defaults(handler=_send)
    p = sub.add_parser("push-schedules", help="send every group's night timeline to its controllers (skips groups already sent)")
    p.add_argument("--date", help="YYYY-MM-DD, the evening's date (default: tonight)")
    p.set_defaults(handler=_push)
