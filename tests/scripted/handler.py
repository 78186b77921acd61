"""The HTTP side of the scripted server: read a request, record it, route it, answer it."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tests.scripted import flavours
from tests.scripted.chat import answer_chat
from tests.scripted.replies import Fault, Reply, error_body
from tests.scripted.wire import ClientGone, Wire

if TYPE_CHECKING:
    from tests.scripted.server import ScriptedServer

NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header "
    "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
)


class ScriptedHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the `ScriptedServer` whose state it serves."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], scripted: ScriptedServer) -> None:
        self.scripted = scripted
        super().__init__(address, ScriptedHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up mid-reply is normal here (faults, cancels): stay quiet about it.

        socketserver would print a traceback to stderr, which an in-process CLI test captures
        together with the CLI's own stderr.
        """
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class ScriptedHandler(BaseHTTPRequestHandler):
    """One client connection (HTTP/1.1 keep-alive); each request is recorded, then answered."""

    protocol_version = "HTTP/1.1"
    server: ScriptedHTTPServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.scripted.connections.add(self.connection)

    def finish(self) -> None:
        self.server.scripted.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``requests`` instead of a log."""

    def _dispatch(self) -> None:
        scripted = self.server.scripted
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        path = urlsplit(self.path).path
        body = _parse(raw)
        wire = Wire(self.connection, self.wfile, scripted.closing)
        try:
            if path.startswith("/_control/"):
                _control(scripted, wire, self.command, path, body)
            else:
                headers = {name.lower(): value for name, value in self.headers.items()}
                scripted.record(self.command, path, headers, raw, body, time.time())
                _route(scripted, wire, self.command, path, headers, body)
        except ClientGone:
            self.close_connection = True
        if wire.dropped:
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _route(
    scripted: ScriptedServer, wire: Wire, method: str, path: str, headers: dict, body: Any
) -> None:
    if path == "/v1" or path.startswith("/v1/"):
        key = scripted.require_key
        if key is not None and headers.get("authorization") != f"Bearer {key}":
            if "authorization" not in headers:
                return wire.json(401, error_body(NO_KEY, "invalid_request_error", None))
            refused = Fault.http(401)
            return wire.json(401, refused.body, refused.headers)
        if (method, path) == ("POST", "/v1/chat/completions"):
            return answer_chat(scripted, wire, body)
        if method == "GET" and path == "/v1/models":
            return wire.json(200, {"object": "list", "data": scripted.model_entries()})
        if method == "GET" and path.startswith("/v1/models/"):
            wanted = path.removeprefix("/v1/models/")
            found = [m for m in scripted.model_entries() if m["id"] == wanted]
            if found:
                return wire.json(200, found[0])
            return wire.json(
                404, Fault.http(404, message=f"The model `{wanted}` does not exist.").body
            )
    else:
        gate = scripted.tokenize_gate
        if gate is not None and "tokenize" in path:
            gate.wait(timeout=30)  # a tokenizer that answers only when the test lets it
        window, train = scripted.window, scripted.train_window
        answer = flavours.extra_route(
            scripted.flavour, method, path, body, scripted.models, window, train
        )
        if answer is not None:
            return wire.json(*answer)
    wire.json(404, error_body(f"Invalid URL ({method} {path})", "invalid_request_error", None))


def _control(scripted: ScriptedServer, wire: Wire, method: str, path: str, body: Any) -> None:
    """``/_control/*``: script replies, change settings, read what was received, reset."""
    try:
        if (method, path) == ("POST", "/_control/script"):
            items = body if isinstance(body, list) else [body]
            replies = [Reply.from_dict(item) for item in items]
            scripted.script(*replies)
            return wire.json(200, {"queued": len(scripted.queue)})
        if (method, path) == ("POST", "/_control/config"):
            if not isinstance(body, dict):
                raise ValueError("config must be a JSON object")
            scripted.configure(**body)
            return wire.json(200, scripted.config())
        if (method, path) == ("GET", "/_control/config"):
            return wire.json(200, scripted.config())
        if (method, path) == ("GET", "/_control/requests"):
            return wire.json(200, [r.to_dict() for r in list(scripted.requests)])
        if (method, path) == ("POST", "/_control/release"):
            scripted.release()
            return wire.json(200, {"open_on_arrival": scripted.open_on_arrival})
        if (method, path) == ("POST", "/_control/reset"):
            scripted.reset()
            return wire.json(200, scripted.config())
    except (AttributeError, TypeError, ValueError) as exc:
        return wire.json(400, {"error": f"bad control request: {exc}"})
    wire.json(404, {"error": f"no control route {method} {path}"})
