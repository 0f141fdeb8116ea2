"""`smartcity mqtt-bridge`: device messages from the MQTT broker into the hub.

Runs until SIGTERM/SIGINT (or --max-seconds), finishing the batch in hand first: what is
committed is acknowledged, the rest stays at the broker for the next run.
"""
import json
import signal
import sys

from django.core.management.base import BaseCommand, CommandError

from smartcity.hub.mqtt import TOPICS, Bridge, BridgeConfig


class Command(BaseCommand):
    help = ("Subscribe to device topics (smartcity/<key>/<asset>/attrs, FIWARE /json/ and /ul/) on MQTT_URL "
            "and store the readings; acknowledges each message only after its readings are committed.")

    def add_arguments(self, parser):
        parser.add_argument("--url", help="broker URL, mqtt://[user:password@]host[:port] (default: MQTT_URL)")
        parser.add_argument("--client-id", help="fixed client id of the persistent session (default: MQTT_CLIENT_ID or smartcity-bridge)")
        parser.add_argument("--batch-size", type=int, default=1000, help="messages per transaction (default 1000)")
        parser.add_argument("--batch-wait", type=float, default=20, help="milliseconds to wait for a batch to fill (default 20)")
        parser.add_argument("--receive-maximum", type=int, default=20000,
                            help="MQTT 5: unacknowledged messages the broker may have in flight to the bridge (default 20000)")
        parser.add_argument("--cache-seconds", type=float, default=10,
                            help="reuse a key's asset scope and lookups this long (default 10; revocation is checked every batch)")
        parser.add_argument("--protocol", choices=["5", "3.1.1"], default="5")
        parser.add_argument("--session-expiry", type=int, default=7 * 86400,
                            help="MQTT 5: seconds the broker keeps the session while the bridge is away (default 7 days)")
        parser.add_argument("--max-seconds", type=float, help="stop after this many seconds (tests, benchmarks)")
        parser.add_argument("--stats-interval", type=float, default=10, help="seconds between statistics lines (0: only at the end)")
        parser.add_argument("--no-error-topic", action="store_true", help="do not publish rejections on smartcity/<key>/<device>/errors")
        parser.add_argument("--topic", action="append", help=f"subscribe to this topic instead of the defaults ({' '.join(TOPICS)}); repeatable")
        parser.add_argument("--json", action="store_true", help="print the final statistics as JSON")

    def handle(self, *args, **opts):
        try:
            config = BridgeConfig(
                url=opts["url"] or "", client_id=opts["client_id"] or "", batch_size=opts["batch_size"],
                batch_wait=max(0.0, opts["batch_wait"] / 1000), receive_maximum=opts["receive_maximum"],
                protocol=opts["protocol"], session_expiry=opts["session_expiry"], publish_errors=not opts["no_error_topic"],
                topics=tuple(opts["topic"] or TOPICS), stats_interval=opts["stats_interval"],
                cache_seconds=opts["cache_seconds"])
            bridge = Bridge(config, out=self._say)
        except ValueError as exc:
            raise CommandError(str(exc)) from None

        def on_signal(signum, _frame):
            if bridge._stop.is_set():  # a second signal: leave now; nothing uncommitted was acknowledged
                raise SystemExit(130)
            self._say(f"{signal.Signals(signum).name}: finishing the current batch and stopping")
            bridge.stop()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        stats = bridge.run(max_seconds=opts["max_seconds"])
        self._say("stopped: " + stats.line())
        if opts["json"]:
            self._say(json.dumps(stats.as_dict(), ensure_ascii=False))

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
        sys.stdout.flush()
