"""Writing one of the student's files whole or not at all, readable by them only (mode 0600).

The config, the remembered preferences, the learned endpoint facts and exports all go through
``write_private``: the text goes to a temporary file beside the target, is flushed to disk, and
replaces the target in one rename — a crash or a full disk leaves the old file or the new one,
never half of either, and no other user can read it at any moment.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600


def write_private(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text as UTF-8) atomically; raises OSError and then
    leaves no temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
