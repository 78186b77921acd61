"""What the scripted server answers: a `Reply` per chat request, perhaps carrying a `Fault`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

OVERFLOW_FLAVOURS = ("openai", "llama-cpp-python", "llamacpp", "vllm")

# Error bodies in OpenAI's shape, as api.openai.com sends them (message, type, param, code).
_HTTP_ERRORS: dict[int, tuple[str, str, str | None]] = {
    400: ("Invalid request.", "invalid_request_error", None),
    401: (
        "Incorrect API key provided: sk-scrip*******. You can find your API key at "
        "https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        "invalid_api_key",
    ),
    403: (
        "Your organization must be verified to use the model `{model}`.",
        "invalid_request_error",
        None,
    ),
    404: (
        "The model `{model}` does not exist or you do not have access to it.",
        "invalid_request_error",
        "model_not_found",
    ),
    408: ("Request timed out.", "server_error", None),
    429: (
        "Rate limit reached for {model} in organization org-scripted on requests per min (RPM): "
        "Limit 3, Used 3, Requested 1. Please try again in {retry_after}s.",
        "requests",
        "rate_limit_exceeded",
    ),
    500: (
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
        None,
    ),
    502: ("Bad gateway.", "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}


def error_body(message: str, type_: str, code: str | None, param: str | None = None) -> dict:
    """An OpenAI-style ``{"error": {...}}`` body."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


@dataclass
class Fault:
    """One way a reply goes wrong, reproduced the way real servers do it.

    ``status``: answer with this HTTP status, ``body`` (JSON; ``{model}`` in strings is filled
    in) and ``headers`` instead of a reply. ``stall_after``: send N content chunks, then go
    silent for ``stall_seconds`` (connection held open), then finish. ``drop_after``: send N
    chunks, then close the socket mid-body (FIN; RST when ``reset``). ``malformed_after``: send
    N chunks, then a ``data: {not json`` event, then finish. ``overflow``: a context-overflow
    400 in that server's words ("openai", "llama-cpp-python", "llamacpp", "vllm"), counted on
    the request received, against ``window`` (else the server's window, else prompt - 1).
    """

    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    stall_after: int | None = None
    stall_seconds: float = 10.0
    drop_after: int | None = None
    reset: bool = False
    malformed_after: int | None = None
    overflow: str | None = None
    window: int | None = None

    def __post_init__(self) -> None:
        if self.overflow is not None and self.overflow not in OVERFLOW_FLAVOURS:
            raise ValueError(f"overflow must be one of {OVERFLOW_FLAVOURS}, not {self.overflow!r}")

    @classmethod
    def http(
        cls,
        status: int,
        message: str | None = None,
        *,
        code: str | None = None,
        type_: str | None = None,
        retry_after: float | None = None,
        headers: dict[str, str] | None = None,
    ) -> Fault:
        """An HTTP error with a realistic OpenAI-style body; 429 always carries ``Retry-After``."""
        default_message, default_type, default_code = _HTTP_ERRORS.get(
            status,
            (f"HTTP {status}.", "server_error" if status >= 500 else "invalid_request_error", None),
        )
        if retry_after is None and status == 429:
            retry_after = 20
        wait = f"{retry_after:g}" if retry_after is not None else "20"
        text = (message or default_message).replace("{retry_after}", wait)
        sent = dict(headers or {})
        if retry_after is not None:
            sent.setdefault("Retry-After", wait)
        body = error_body(text, type_ or default_type, code or default_code)
        return cls(status=status, body=body, headers=sent)

    @classmethod
    def quota(cls) -> Fault:
        """OpenAI's 429 for an account out of credit (retrying does not help)."""
        message = (
            "You exceeded your current quota, please check your plan and billing details. For "
            "more information on this error, read the docs: "
            "https://platform.openai.com/docs/guides/error-codes/api-errors."
        )
        return cls(status=429, body=error_body(message, "insufficient_quota", "insufficient_quota"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fault:
        """A fault from its JSON form (unknown keys are an error)."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown Fault fields: {sorted(unknown)}")
        return cls(**data)


@dataclass
class Reply:
    """One scripted answer: its text, how it is cut into chunks and paced, and any fault.

    ``hold_after``: after that many content chunks the stream waits until the test sets the
    server's ``hold`` event (in-process servers), so a test can act while a reply is half sent
    and then let it go on — order, not time.
    """

    text: str = ""
    chunks: list[str] | None = None
    chunk_size: int = 4
    delay: float = 0.0
    first_byte_delay: float = 0.0
    finish_reason: str = "stop"
    fault: Fault | None = None
    hold_after: int | None = None  # send N content chunks, then wait for ``server.hold``

    def pieces(self) -> list[str]:
        """The content deltas: ``chunks`` if given, else ``text`` cut every ``chunk_size``."""
        if self.chunks is not None:
            return list(self.chunks)
        size = max(1, self.chunk_size)
        return [self.text[i : i + size] for i in range(0, len(self.text), size)]

    def full_text(self) -> str:
        """The whole reply as the client should reassemble it."""
        return "".join(self.pieces())

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (what ``POST /_control/script`` takes)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        """A reply from its JSON form; ``fault`` may be a nested dict."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown Reply fields: {sorted(unknown)}")
        values = dict(data)
        if isinstance(values.get("fault"), dict):
            values["fault"] = Fault.from_dict(values["fault"])
        return cls(**values)
