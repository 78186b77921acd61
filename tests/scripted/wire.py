"""Bytes on one client connection: JSON answers, chunked SSE streams, and abrupt endings."""

from __future__ import annotations

import json
import socket
import struct
import threading
from io import BufferedIOBase
from typing import Any


class ClientGone(Exception):
    """The client closed the connection, or the server is shutting down mid-answer."""


class Wire:
    """Writes one HTTP/1.1 answer to a socket; every write goes out at once (no buffering)."""

    def __init__(self, sock: socket.socket, out: BufferedIOBase, closing: threading.Event) -> None:
        self.sock = sock
        self.out = out
        self.closing = closing
        self.dropped = False

    def _send(self, data: bytes) -> None:
        try:
            self.out.write(data)
        except OSError as exc:  # BrokenPipe, ConnectionReset, closed by stop()
            raise ClientGone(str(exc)) from exc

    def head(self, status: int, headers: dict[str, str]) -> None:
        """The status line and headers."""
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self._send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        """A whole JSON answer with Content-Length."""
        raw = json.dumps(body).encode()
        fixed = {"Content-Type": "application/json", "Content-Length": str(len(raw))}
        self.head(status, fixed | (headers or {}))
        self._send(raw)

    def start_stream(self, headers: dict[str, str] | None = None) -> None:
        """200 with ``text/event-stream`` in chunked transfer encoding."""
        fixed = {
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
            "Transfer-Encoding": "chunked",
        }
        self.head(200, fixed | (headers or {}))

    def raw(self, data: bytes) -> None:
        """Body bytes as they are (after ``head`` with a Content-Length)."""
        self._send(data)

    def chunk(self, data: bytes) -> None:
        """One chunked-encoding frame (one SSE event)."""
        self._send(b"%x\r\n%b\r\n" % (len(data), data))

    def end_stream(self) -> None:
        """The terminating zero-length chunk."""
        self._send(b"0\r\n\r\n")

    def pause(self, seconds: float) -> None:
        """Stay silent for ``seconds``; raise ClientGone if the server stops meanwhile."""
        if seconds > 0 and self.closing.wait(seconds):
            raise ClientGone("server stopping")

    def hold(self, until: threading.Event) -> None:
        """Stay silent until ``until`` is set; raise ClientGone if the server stops meanwhile."""
        while not until.wait(0.05):
            if self.closing.is_set():
                raise ClientGone("server stopping")

    def drop(self, *, reset: bool = False) -> None:
        """Close the socket mid-answer: FIN (like a crashed worker) or RST when ``reset``."""
        self.dropped = True
        try:
            if reset:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class ChunkShape:
    """Pre-rendered bytes of one stream's ``chat.completion.chunk`` events (fast to repeat)."""

    def __init__(self, chunk_id: str, created: int, model: str, include_usage: bool) -> None:
        self.head = {
            "id": chunk_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "system_fingerprint": "fp_scripted",
        }
        self._prefix = ("data: " + json.dumps(self.head)[:-1] + ', "choices": [').encode()
        self._tail = b', "usage": null}\n\n' if include_usage else b"}\n\n"
        self._content = self._prefix + b'{"index": 0, "delta": {"content": '

    def event(self, delta: dict, finish_reason: str | None = None) -> bytes:
        """Any delta, e.g. the opening ``{"role": "assistant", "content": ""}``."""
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return self._prefix + json.dumps(choice).encode() + b"]" + self._tail

    def content(self, piece: str, finish_reason: str | None = None) -> bytes:
        """A content delta; only the piece and finish reason are encoded per call."""
        end = b'}, "logprobs": null, "finish_reason": %b}]' % json.dumps(finish_reason).encode()
        return self._content + json.dumps(piece, ensure_ascii=False).encode() + end + self._tail

    def usage(self, prompt: int, completion: int) -> bytes:
        """The closing usage chunk, ``choices: []``."""
        usage = {"prompt_tokens": prompt, "completion_tokens": completion}
        body = self.head | {"choices": [], "usage": usage | {"total_tokens": prompt + completion}}
        return b"data: " + json.dumps(body).encode() + b"\n\n"


DONE = b"data: [DONE]\n\n"
MALFORMED = b"data: {not json\n\n"

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
