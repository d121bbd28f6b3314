"""A real HTTP server for the tests, on 127.0.0.1 in a thread: it records every request, can answer 500 a
given number of times first, checks HTTP Basic credentials and verifies Frappe's webhook signature
(`X-Frappe-Webhook-Signature`: base64 of the HMAC-SHA256 of the body with the webhook's secret).

	with Receiver(username="lgsp", password="secret") as server:
		... post to server.url("/status") ...
		server.requests[0].body
"""

import base64
import hashlib
import hmac
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIGNATURE_HEADER = "X-Frappe-Webhook-Signature"


@dataclass
class Recorded:
	method: str
	path: str
	headers: dict
	body: bytes
	status: int
	auth_ok: bool | None = None  # None: no credentials were required
	signature_ok: bool | None = None  # None: no secret was set

	@property
	def text(self) -> str:
		return self.body.decode("utf-8")


@dataclass
class Receiver:
	username: str | None = None
	password: str | None = None
	webhook_secret: str | None = None
	fail_first: int = 0  # answer 500 to this many requests before answering 200
	port: int = 0  # 0: any free port, kept across stop() and start()
	requests: list[Recorded] = field(default_factory=list)

	def __post_init__(self):
		self._server = None
		self._thread = None
		self._lock = threading.Lock()

	def __enter__(self):
		return self.start()

	def __exit__(self, *exc):
		self.stop()

	def start(self):
		receiver = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self):
				receiver._handle(self)

			do_PUT = do_POST

			def log_message(self, *args):
				pass

		self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
		self.port = self._server.server_address[1]
		self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
		self._thread.start()
		return self

	def stop(self):
		"""Closes the port: a request then gets "connection refused", as from a platform that is down."""
		if self._server:
			self._server.shutdown()
			self._server.server_close()
			self._thread.join(5)
			self._server = None

	def url(self, path: str = "/") -> str:
		return f"http://127.0.0.1:{self.port}{path}"

	def received(self, path: str | None = None) -> list[Recorded]:
		with self._lock:
			return [r for r in self.requests if path is None or r.path == path]

	def _handle(self, handler: BaseHTTPRequestHandler):
		length = int(handler.headers.get("Content-Length") or 0)
		body = handler.rfile.read(length)
		auth_ok = self._check_auth(handler.headers.get("Authorization"))
		signature_ok = self._check_signature(handler.headers.get(SIGNATURE_HEADER), body)
		with self._lock:
			if auth_ok is False:
				status = 401
			elif self.fail_first > 0:
				self.fail_first -= 1
				status = 500
			else:
				status = 200
			self.requests.append(
				Recorded(
					method=handler.command,
					path=handler.path,
					headers=dict(handler.headers.items()),
					body=body,
					status=status,
					auth_ok=auth_ok,
					signature_ok=signature_ok,
				)
			)
		answer = b'{"ok": true}' if status == 200 else b'{"ok": false}'
		handler.send_response(status)
		handler.send_header("Content-Type", "application/json")
		handler.send_header("Content-Length", str(len(answer)))
		handler.end_headers()
		handler.wfile.write(answer)

	def _check_auth(self, header: str | None) -> bool | None:
		if self.username is None:
			return None
		expected = base64.b64encode(f"{self.username}:{self.password or ''}".encode()).decode()
		return bool(header) and hmac.compare_digest(header, f"Basic {expected}")

	def _check_signature(self, header: str | None, body: bytes) -> bool | None:
		if self.webhook_secret is None:
			return None
		expected = base64.b64encode(
			hmac.new(self.webhook_secret.encode("utf-8"), body, hashlib.sha256).digest()
		).decode()
		return bool(header) and hmac.compare_digest(header, expected)
