"""A local SMS / Zalo gateway for development and tests: the real HTTP adapters talk to it.

It takes ``POST /sms`` with ``{"to", "text", "id"}`` (a brand-name SMS gateway) and
``POST /zalo`` in the shape of Zalo's template API (``{"phone", "template_id", "template_data",
"tracking_id"}`` with an ``access_token`` header, answered ``{"error": 0, …}``), keeps what it
received, and treats a repeated id as the same message (as real gateways do with a request id).
It can be told to fail (HTTP 500) or to hang past the client's timeout, to rehearse an outage.

    manage.py gateway_simulator --port 8025     # then MOTCUA_SMS_GATEWAY_URL=http://127.0.0.1:8025/sms
"""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from motcua.core.http import urlopen


class GatewaySimulator:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, echo=None):
        self.received: dict[str, dict] = {}  # id → message, once each
        self.calls = 0
        self.mode = "up"  # "up", "error" (HTTP 500) or "hang" (answers after hang_seconds)
        self.fail_next = 0  # refuse this many calls (HTTP 500), then work
        self.hang_seconds = 15
        self.echo = echo
        self.report_to = ""  # a URL: send a delivery report (DLR) for each new SMS there, as operators do
        self.report_token = ""
        self.report_delay = 0.5  # seconds: operators report delivery a moment after accepting
        self.procedures: list[dict] = []  # what the national procedures database publishes at GET /dvcqg/thu-tuc
        self.catalogue_requests: list[str] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, port), self._handler())
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "GatewaySimulator":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _report(self, message_id) -> None:
        time.sleep(self.report_delay)
        # A real operator retries its reports; the message simply stays "sent".
        with contextlib.suppress(OSError):
            urlopen(
                self.report_to,
                data=json.dumps({"id": message_id, "status": "delivered"}).encode(),
                method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.report_token}"},
                timeout=10,
            ).close()

    def _handler(self):
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path, _, query = self.path.partition("?")
                if path.rstrip("/") != "/dvcqg/thu-tuc" or simulator.mode != "up":
                    self.send_response(404 if simulator.mode == "up" else 500)
                    self.end_headers()
                    return
                with simulator._lock:
                    simulator.catalogue_requests.append(query)
                self._json({"data": simulator.procedures})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with simulator._lock:
                    simulator.calls += 1
                    mode = simulator.mode
                    if simulator.fail_next > 0:
                        simulator.fail_next -= 1
                        mode = "error"
                if mode == "hang":
                    time.sleep(simulator.hang_seconds)
                if mode != "up":
                    self.send_response(500)
                    self.end_headers()
                    return
                channel = self.path.strip("/")
                if channel == "zalo":
                    if not self.headers.get("access_token") or not body.get("template_id"):
                        return self._json({"error": -124, "message": "Access token or template invalid"})
                    body = {
                        "to": body.get("phone"),
                        "id": body.get("tracking_id"),
                        "template_id": body["template_id"],
                        "text": " · ".join(f"{k}: {v}" for k, v in body.get("template_data", {}).items()),
                        "template_data": body.get("template_data", {}),
                    }
                with simulator._lock:
                    new = body.get("id") not in simulator.received
                    if new:
                        simulator.received[body.get("id")] = {**body, "channel": channel}
                if new and channel == "sms" and simulator.report_to:
                    threading.Thread(target=simulator._report, args=(body.get("id"),), daemon=True).start()
                if new and simulator.echo:
                    simulator.echo(f"[{channel}] → {body.get('to')}: {body.get('text')}")
                self._json({"error": 0, "message": "Success", "duplicate": not new, "data": {"msg_id": body.get("id")}})

            def _json(self, answer):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *args):
                pass

        return Handler
