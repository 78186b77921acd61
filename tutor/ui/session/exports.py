"""Exporting a session from the app: the format, a free default name in the exports folder,
and a file written whole or not at all."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from textual.widget import Widget

    from tutor.core.store import SessionInfo, Store

SUFFIX = {"md": ".md", "json": ".json"}


def default_path(info: SessionInfo, fmt: str, folder: Path | None = None) -> Path:
    """``<exports folder>/tutor-<id>-<title words>.md``, numbered if that name is taken."""
    from tutor.core.config import paths

    folder = folder or paths.exports_dir()
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
    """Write the export whole or not at all (readable by the student only); never replaces an
    existing file (FileExistsError). The exports folder is made if missing."""
    from tutor.core.config import paths
    from tutor.core.config.private_file import write_private

    target = Path(path).expanduser()
    if target.parent == paths.exports_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(17, "it exists already", str(target))
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "the folder does not exist", str(target.parent))
    write_private(target, export_text(store, session_id, fmt))
    return target


def ask_format(part: Widget, store: Store, info: SessionInfo) -> None:
    """Ask Markdown or JSON, then where."""
    from tutor.ui.dialogs.choice import ChoiceDialog

    formats = [("md", Text("Markdown (readable)")), ("json", Text("JSON (exact, importable)"))]
    part.app.push_screen(
        ChoiceDialog("Export as", formats),
        lambda fmt: ask_path(part, store, info, fmt) if fmt else None,
    )


def ask_path(part: Widget, store: Store, info: SessionInfo, fmt: str) -> None:
    """Ask where (a free name in the exports folder is offered), then write it."""
    from tutor.ui.dialogs.text import TextDialog

    def check(path: str) -> str | None:
        from tutor.core.config import paths

        target = Path(path).expanduser()
        try:
            if target.exists():
                return f"{target} exists — choose another name"
            if not target.parent.is_dir() and target.parent != paths.exports_dir():
                return f"the folder {target.parent} does not exist"
        except OSError as error:  # a name too long, a folder that cannot be read
            return f"cannot use {target}: {error.strerror or error} — choose another name"
        return None

    async def chosen(path: str | None) -> None:
        from tutor.core.errors import TutorError

        if path is None:
            return
        try:
            written = await store.later(write_export, store, info.id, fmt, path)
        except OSError as error:
            reason = error.strerror or str(error)
            part.notify(
                f"could not write {path}: {reason} — nothing was written; choose another folder",
                severity="error",
                timeout=8,
            )
            return
        except TutorError as error:  # a store failure: the session was deleted meanwhile...
            part.notify(f"could not export: {error}", severity="error", timeout=8)
            return
        part.notify(f"exported to {written}", timeout=8)

    dialog = TextDialog(
        f"Export as {'Markdown' if fmt == 'md' else 'JSON'} to",
        str(default_path(info, fmt)),
        hint="Enter writes the file, Esc cancels",
        check=check,
    )
    part.app.push_screen(dialog, chosen)
