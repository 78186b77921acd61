"""Checks shared by the app's hostile-output tests: raw controls in what Textual renders, and
what escape sequences leave behind in a real terminal (tmux)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from textual.geometry import Region
from textual.strip import Strip

from tests.terminal import Terminal, child_env
from tutor.core.inert import has_controls
from tutor.ui.app import TutorApp

WIDTH, HEIGHT = 100, 50  # the real terminal: tall enough for a greeting and a long reply


def all_strips(app: TutorApp) -> Iterator[Strip]:
    """What the terminal gets (the composed screen), then every widget's own rendered lines
    (scrolled out of view or not), so nothing escapes the check by being off screen."""
    yield from app.screen._compositor.render_strips()
    for widget in app.screen.walk_children(with_self=False):
        width, height = widget.size
        if width and height and widget.display:
            yield from widget.render_lines(Region(0, 0, width, height))


def raw_controls(app: TutorApp) -> list[str]:
    """Every rendered piece holding a control character or carrying a terminal control code."""
    found = []
    for strip in all_strips(app):
        for segment in strip:
            if segment.control or has_controls(segment.text):
                found.append(repr(segment.text or segment.control))
    return found


def damage(term: Terminal) -> dict[str, str]:
    """What a terminal keeps from escape sequences it obeyed: the pane title, clipboard buffers
    (OSC 52; the test allows applications to set them), the bell flag, colour 31 on screen."""
    flags = term._tmux("display-message", "-p", "-t", term.name, "#{window_bell_flag}")
    return {
        "title": term.title(),
        "buffers": term._tmux("list-buffers").strip(),
        "bell": flags.strip(),
        "red": str("\x1b[31m" in term.screen_with_escapes()),
    }


def allow_clipboard_writes(term: Terminal) -> None:
    term._tmux("set-option", "-s", "set-clipboard", "on")


def app_env(home: Path) -> dict[str, str]:
    """The child's environment, its size said outright: ``import readline`` (pytest loads it)
    puts COLUMNS=80 and LINES=24 into this process's C environment, which tmux passes on and
    which ``shutil.get_terminal_size`` (so Textual) believes before the terminal itself."""
    return child_env(home, COLUMNS=str(WIDTH), LINES=str(HEIGHT))


def tutor_terminal(home: Path, **env: str) -> Terminal:
    """`tutor` (the app) in a fresh tmux terminal of WIDTH x HEIGHT; ``home`` is its HOME."""
    command = [sys.executable, "-m", "tutor"]
    return Terminal(command, env=app_env(home) | env, width=WIDTH, height=HEIGHT)


UNHARMED = {"buffers": "", "bell": "0", "red": "False"}  # and the title as it was
