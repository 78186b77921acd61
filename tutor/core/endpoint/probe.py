"""Finding a local model server when nothing is configured: the usual ports, in parallel, fast."""

from __future__ import annotations

import asyncio
import json

from tutor.core.endpoint.spec import EndpointSpec

LOCAL_SERVERS = (
    ("Ollama", 11434),
    ("llama.cpp", 8080),
    ("LM Studio", 1234),
    ("vLLM", 8000),
)
PROBE_SECONDS = 0.3


def described() -> list[str]:
    return [f"127.0.0.1:{port} ({name})" for name, port in LOCAL_SERVERS]


async def _models_at(port: int) -> list[str] | None:
    """GET /v1/models with a bare socket (no SDK import on this path); None if nothing answers."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return None
    try:
        request = f"GET /v1/models HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        writer.write(request.encode())
        await writer.drain()
        raw = await reader.read()  # HTTP/1.0: the server closes when done
    except OSError:
        return None
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/") or b" 200 " not in head.split(b"\r\n", 1)[0]:
        return None
    try:
        data = json.loads(body)
        return [str(m["id"]) for m in data.get("data", []) if isinstance(m, dict) and "id" in m]
    except (ValueError, AttributeError, TypeError, KeyError):
        return None


async def find_local_server(timeout: float = PROBE_SECONDS) -> EndpointSpec | None:
    """The first usual local server (in LOCAL_SERVERS order) that lists at least one model."""
    tasks = [asyncio.ensure_future(_models_at(port)) for _, port in LOCAL_SERVERS]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    for (name, port), task in zip(LOCAL_SERVERS, tasks, strict=True):
        if task in done and not task.cancelled() and task.exception() is None:
            models = task.result()
            if models:
                return EndpointSpec(
                    name=f"{name} (found on 127.0.0.1:{port})",
                    base_url=f"http://127.0.0.1:{port}/v1",
                    model=models[0],
                    origin="probe",
                )
    return None
