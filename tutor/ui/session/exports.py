"""Writing a session export to a file: a free default name, and the text the store makes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.core.store import SessionInfo, Store

SUFFIX = {"md": ".md", "json": ".json"}


def default_path(info: SessionInfo, fmt: str, folder: Path | None = None) -> Path:
    """``./tutor-<id>-<title words>.md`` in the current folder, numbered if it exists."""
    folder = folder or Path.cwd()
    words = re.sub(r"[^\w-]+", "-", info.title.lower(), flags=re.UNICODE).strip("-")[:40]
    stem = f"tutor-{info.id}" + (f"-{words}" if words else "")
    path = folder / (stem + SUFFIX[fmt])
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{SUFFIX[fmt]}"
        number += 1
    return path


def export_text(store: Store, session_id: int, fmt: str) -> str:
    """The session as Markdown, or as the JSON transcript format (exact text)."""
    if fmt == "json":
        return json.dumps(store.export_json(session_id), ensure_ascii=False, indent=2) + "\n"
    return store.export_markdown(session_id)


def write_export(store: Store, session_id: int, fmt: str, path: str | Path) -> Path:
    """Write the export; never replaces an existing file (raises FileExistsError)."""
    target = Path(path).expanduser()
    with target.open("x", encoding="utf-8") as out:
        out.write(export_text(store, session_id, fmt))
    return target
