"""A canary API key and the search for it in printed text and in raw file bytes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PREFIX = "sk-tutor-canary-"
FRAGMENT = 12  # any run of this many secret characters counts as a leak (a masked key too)


@dataclass(frozen=True)
class Canary:
    """A distinctive fake key whose random part must never be seen outside the config."""

    key: str

    @classmethod
    def new(cls) -> Canary:
        return cls(PREFIX + secrets.token_hex(16))

    @property
    def secret(self) -> str:
        return self.key.removeprefix(PREFIX)

    def fragments(self) -> list[str]:
        """Every FRAGMENT-long window of the secret part (the whole key contains them all)."""
        secret = self.secret
        return [secret[i : i + FRAGMENT] for i in range(len(secret) - FRAGMENT + 1)]

    def seen_in(self, text: str) -> bool:
        return any(part in text for part in self.fragments())

    def seen_in_bytes(self, data: bytes) -> bool:
        """Raw bytes: as UTF-8/ASCII text, and as UTF-16 (how some SQLite text could be kept)."""
        for encoding in ("ascii", "utf-16-le", "utf-16-be"):
            if any(part.encode(encoding) in data for part in self.fragments()):
                return True
        return False

    def found_in_texts(self, texts: Mapping[str, str]) -> list[str]:
        """The names of the texts that contain the key (or a fragment of it)."""
        return [name for name, text in texts.items() if self.seen_in(text)]

    def found_in_files(self, paths: Iterable[Path]) -> list[Path]:
        """The files whose bytes contain the key (or a fragment of it)."""
        return [path for path in paths if self.seen_in_bytes(path.read_bytes())]


def files_under(root: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """Every regular file below ``root`` (symlinks not followed), except those in ``skip``."""
    skipped = {path.resolve() for path in skip}
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink() and path.resolve() not in skipped
    )
