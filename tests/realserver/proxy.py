"""A recording HTTP proxy on 127.0.0.1: passes every request to a real server, keeps a copy.

It sits between the CLI and the model server, so a test can check what the CLI actually sent
(and what came back) without changing either side. Responses are relayed as they arrive, a
read at a time, so streamed replies stay streamed.
"""

from __future__ import annotations

import http.client
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

# Headers that describe one hop, not the message: never copied across.
_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade"}

CHAT_PATH = "/v1/chat/completions"


@dataclass
class Exchange:
    """One request that passed through, and the response the server gave it."""

    method: str
    path: str
    body: bytes
    status: int = 0
    response: bytes = b""

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def response_json(self) -> Any:
        return json.loads(self.response)

    def streamed_events(self) -> list[dict[str, Any]]:
        """The ``data:`` events of a server-sent-event response, parsed (``[DONE]`` left out)."""
        events = []
        for line in self.response.decode("utf-8").splitlines():
            if line.startswith("data:") and line[5:].strip() != "[DONE]":
                events.append(json.loads(line[5:]))
        return events

    def streamed_text(self) -> str:
        """The reply text a streamed chat completion carried, joined."""
        parts = []
        for event in self.streamed_events():
            for choice in event.get("choices") or []:
                parts.append((choice.get("delta") or {}).get("content") or "")
        return "".join(parts)


class RecordingProxy:
    """``with RecordingProxy("http://127.0.0.1:PORT") as proxy:`` — then point a client at
    ``proxy.base_url`` and read ``proxy.exchanges`` / ``proxy.chat_requests()``."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.target_host = parts.hostname or "127.0.0.1"
        self.target_port = parts.port or 80
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    def __enter__(self) -> RecordingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def all_chats(self) -> list[Exchange]:
        """Every chat-completion exchange, in the order they were made."""
        with self._lock:
            return [e for e in self.exchanges if (e.method, e.path) == ("POST", CHAT_PATH)]

    def chats(self) -> list[Exchange]:
        """The streamed chat completions: the student's turns (not tutor's one-token probes)."""
        return [e for e in self.all_chats() if isinstance(e.json, dict) and e.json.get("stream")]

    def probes(self) -> list[Exchange]:
        """Unstreamed chat completions: tutor asking the server to count or to explain."""
        return [e for e in self.all_chats() if e not in self.chats()]

    def chat_requests(self) -> list[dict[str, Any]]:
        """The bodies of the streamed chat-completion requests, parsed."""
        return [e.json for e in self.chats()]

    def clear(self) -> None:
        with self._lock:
            self.exchanges.clear()


def _handler_for(proxy: RecordingProxy) -> type[BaseHTTPRequestHandler]:
    class Relay(BaseHTTPRequestHandler):
        """Relays one request (the connection closes after each response)."""

        protocol_version = "HTTP/1.1"  # so a streamed body can be relayed chunk by chunk

        def do_GET(self) -> None:
            self._relay()

        def do_POST(self) -> None:
            self._relay()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the tests read the records instead

        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            exchange = Exchange(self.command, self.path, body)
            proxy.record(exchange)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            upstream = http.client.HTTPConnection(proxy.target_host, proxy.target_port, timeout=120)
            try:
                try:
                    upstream.request(self.command, self.path, body=body or None, headers=headers)
                    answer = upstream.getresponse()
                except OSError as exc:  # the server is down: say so the way a gateway would
                    self._bad_gateway(exchange, exc)
                    return
                exchange.status = answer.status
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in _HOP:
                        self.send_header(key, value)
                size = answer.getheader("Content-Length")
                chunked = size is None
                if size is None:
                    self.send_header("Transfer-Encoding", "chunked")
                else:
                    self.send_header("Content-Length", size)
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    while piece := answer.read1(65536):
                        exchange.response += piece
                        self.wfile.write(
                            b"%x\r\n%b\r\n" % (len(piece), piece) if chunked else piece
                        )
                        self.wfile.flush()
                except (OSError, http.client.HTTPException):
                    return  # the server broke off: so does the relay (no closing chunk)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            finally:
                upstream.close()

        def _bad_gateway(self, exchange: Exchange, exc: OSError) -> None:
            exchange.status = 502
            exchange.response = json.dumps({"error": {"message": f"proxy: {exc}"}}).encode()
            self.send_response(502)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(exchange.response)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(exchange.response)

    return Relay
