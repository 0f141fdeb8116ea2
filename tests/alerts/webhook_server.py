"""A real HTTP server on 127.0.0.1 that records the webhooks it receives (tests only)."""
import http.server
import threading


class Recorder:
    def __init__(self, status: int = 204):
        self.status = status
        self.requests = []
        self.received = threading.Event()
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                recorder.requests.append({"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)})
                self.send_response(recorder.status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                recorder.received.set()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/alerts"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
