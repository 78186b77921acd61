"""Which languages this machine can run: each toolchain found, or one line on what to install."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.practice.runner.failures import LanguageUnavailable, UnknownLanguage
from tutor.core.practice.runner.runuser import others_can_reach

EXTENSIONS = {
    ".py": "python",
    ".js": "javascript",
    ".cjs": "javascript",
    ".cpp": "cpp",
    ".cc": "cpp",
    ".cxx": "cpp",
    ".java": "java",
    ".rs": "rust",
    ".go": "go",
}
ALIASES = {"py": "python", "python3": "python", "js": "javascript", "node": "javascript"}
ALIASES |= {"c++": "cpp", "g++": "cpp"}
TITLES = {
    "python": "Python 3",
    "javascript": "JavaScript (Node.js)",
    "cpp": "C++ (g++)",
    "java": "Java",
    "rust": "Rust",
    "go": "Go",
}
INSTALL = {
    "python": "python3 is not installed — install Python 3 (apt install python3)",
    "javascript": "node is not installed — install Node.js (nodejs.org, or apt install nodejs)",
    "cpp": "g++ is not installed — install a C++ compiler (apt install g++)",
    "java": "javac/java are not installed — install a JDK (apt install default-jdk)",
    "rust": "rustc is not installed — install Rust (https://rustup.rs)",
    "go": "go is not installed — install Go (https://go.dev/dl/, or apt install golang-go)",
}
FUNCTION_KIND = ("python", "javascript")
PROGRAMS: dict[str, dict[str, tuple[str, ...]]] = {
    "javascript": {"run": ("node", "nodejs")},
    "cpp": {"compile": ("g++", "clang++", "c++")},
    "java": {"compile": ("javac",), "run": ("java",)},
    "go": {"compile": ("go",)},
}
DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True)
class Toolchain:
    """One language's programs. ``programs`` maps a role (``compile``, ``run``) to an absolute
    path; ``roots`` are the folders the toolchain lives in (STRICT keeps them visible when they
    are inside the private home); ``missing`` is the one line to show when it is absent."""

    language: str
    title: str
    programs: dict[str, str] = field(default_factory=dict)
    roots: tuple[str, ...] = ()
    missing: str | None = None
    function_kind: bool = False

    @property
    def available(self) -> bool:
        return self.missing is None

    def program(self, role: str) -> str:
        if self.missing is not None:
            raise LanguageUnavailable(self.missing)
        return self.programs[role]


def _search_path() -> str:
    return os.environ.get("PATH", "") + os.pathsep + DEFAULT_PATH


def _which(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name, path=_search_path())
        if found:
            return os.path.abspath(found)
    return None


def _root_of(program: str) -> str:
    """The install folder of a program: the parent of the ``bin`` folder it really lives in."""
    return str(Path(os.path.realpath(program)).parent.parent)


def _python() -> tuple[dict[str, str], tuple[str, ...]] | None:
    """The running interpreter when others may run it; else a system one (as root, code runs
    as another user, who cannot enter e.g. /root/.pyenv)."""
    ours = sys.executable if sys.implementation.name == "cpython" else None
    candidates = [ours, "/usr/bin/python3", "/usr/local/bin/python3", _which("python3")]
    found = [c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)]
    if not found:
        return None
    if os.geteuid() == 0:
        found.sort(key=lambda c: not others_can_reach(c))  # stable: the order above otherwise
    best = found[0]
    root = sys.base_prefix if best == ours else _root_of(best)
    return {"run": best}, (root,)


def _rust() -> tuple[dict[str, str], tuple[str, ...]] | None:
    rustc = _which("rustc")
    if rustc is None:
        return None
    if Path(os.path.realpath(rustc)).name.startswith("rustup"):
        # a rustup proxy: ask it where the real compiler is, so runs need no rustup state
        try:
            done = subprocess.run(
                [rustc, "--print", "sysroot"], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        sysroot = done.stdout.strip()
        if done.returncode != 0 or not os.path.isfile(os.path.join(sysroot, "bin", "rustc")):
            return None
        return {"compile": os.path.join(sysroot, "bin", "rustc")}, (sysroot,)
    return {"compile": rustc}, (_root_of(rustc),)


def _simple(roles: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], tuple[str, ...]] | None:
    programs = {}
    for role, names in roles.items():
        found = _which(*names)
        if found is None:
            return None
        programs[role] = os.path.realpath(found)
    return programs, tuple(sorted({_root_of(p) for p in programs.values()}))


@functools.cache
def _detect(language: str) -> Toolchain:
    if language == "python":
        found = _python()
    elif language == "rust":
        found = _rust()
    else:
        found = _simple(PROGRAMS[language])
    title, kind = TITLES[language], language in FUNCTION_KIND
    if found is None:
        return Toolchain(language, title, missing=INSTALL[language], function_kind=kind)
    programs, roots = found
    return Toolchain(language, title, programs, roots, None, kind)


def languages() -> dict[str, Toolchain]:
    """Every language the runner knows, each detected on this machine (cached)."""
    return {language: _detect(language) for language in TITLES}


def toolchain(language: str) -> Toolchain:
    """The toolchain of one language (a name, alias or extension), detected (cached)."""
    return _detect(language_of(language))


def language_of(path_or_ext: str) -> str:
    """``python`` for ``x.py``, ``.py``, ``py`` or ``python`` — the same for every language."""
    text = path_or_ext.strip().lower()
    if text in TITLES:
        return text
    if text in ALIASES:
        return ALIASES[text]
    suffix = Path(text).suffix if "." in text[1:] or "/" in text else text
    suffix = suffix if suffix.startswith(".") else "." + suffix
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    known = ", ".join(sorted(set(EXTENSIONS)))
    raise UnknownLanguage(
        f"cannot tell the language of '{path_or_ext}' — use a file ending in one of {known}"
    )
