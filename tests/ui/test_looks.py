"""How things read: a greeting flows as Markdown paragraphs, inline code suits a light theme,
and at 60×24 (a split terminal) the sidebar steps aside and code keeps its indentation."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.color import Color

from tests.scripted_server import Reply, ScriptedServer
from tests.terminal import Terminal, child_env
from tests.ui.conftest import paste, ready, screen_text, until, wait_idle, write_config
from tutor.core.config import paths
from tutor.ui.app import TutorApp
from tutor.ui.widgets.turns import Greeting

SIZE = (110, 34)


def lines_of(app: TutorApp, widget: object) -> list[str]:
    """The widget's lines as shown, trailing spaces dropped."""
    region = widget.region  # type: ignore[attr-defined]
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return [strip.crop(region.x, region.right).text.rstrip() for strip in strips]


async def test_a_greeting_flows_as_markdown_paragraphs(configured: ScriptedServer) -> None:
    folder = paths.user_personas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plain.yaml").write_text(
        "name: Plain\nsystem: Ask.\ngreeting: |\n  one two\n  three four\n\n  second part\n",
        encoding="utf-8",
    )
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = [line.strip() for line in lines_of(app, app.screen.query_one(Greeting))]
        # the built-in greeting: the YAML's break after "I'll help" is gone
        assert not any(line.endswith("what you've tried so far — I'll help") for line in shown)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "Plain" in screen_text(app), "the persona picker")
        picker = app.screen
        ids = [p.id for p in picker.personas]  # type: ignore[attr-defined]
        await pilot.press(*["down"] * ids.index("plain"), "enter")
        await until(pilot, lambda: app.screen.id == "main", "the new session")
        await until(pilot, lambda: "second part" in screen_text(app), "the greeting")
        shown = [line.strip() for line in lines_of(app, app.screen.query_one(Greeting))]
        assert [line for line in shown if line] == ["one two three four", "second part"]


def code_backgrounds(app: TutorApp, word: str) -> list[Color | None]:
    """The background of every piece of the screen that shows ``word``."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if word in segment.text and segment.style is not None:
                found.append(segment.style.bgcolor)
    return found


def is_dark(color: Color | None) -> bool:
    """A near-black box (Rich's "on black", as the theme draws it)."""
    return color is not None and sum(color.get_truecolor()) < 3 * 64


async def test_inline_code_sits_on_a_black_box_only_in_a_dark_theme(
    configured: ScriptedServer,
) -> None:
    configured.script("Which value does `seen` hold after one pass?")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await paste(pilot, "two sum")
        await pilot.press("enter")
        await wait_idle(pilot)
        dark = code_backgrounds(app, "seen")
        assert dark and all(is_dark(c) for c in dark)  # Rich's own look, fine on dark
        app.theme = "textual-light"
        await pilot.pause(0.2)
        light = code_backgrounds(app, "seen")
        assert light and not any(is_dark(c) for c in light), light


CODE_REPLY = (
    "Look at this:\n\n```python\ndef double(xs):\n    for x in xs:\n        yield x * 2\n```\n"
)


def test_at_60_by_24_the_sidebar_steps_aside_and_code_keeps_its_indentation(
    server: ScriptedServer, isolated_home: Path
) -> None:
    write_config(server)
    server.script(Reply(text=CODE_REPLY))
    env = child_env(isolated_home, COLUMNS="60", LINES="24")
    with Terminal([sys.executable, "-m", "tutor"], env=env, width=60, height=24) as term:
        term.wait_for(" tokens · ")
        assert "▕" not in term.screen()  # no sidebar border: the conversation has the width
        term.keys("for x in xs:", "C-j", "Tab", "print(x)")
        typed = term.wait_for("print(x)").splitlines()
        (first,) = [line for line in typed if "for x in xs:" in line]
        (second,) = [line for line in typed if "print(x)" in line]
        assert second.index("print(x)") - first.index("for x in xs:") == 4
        term.keys("Enter")
        screen = term.wait_for("yield x * 2")
        lines = screen.split("Look at this:")[1].splitlines()  # the reply
        starts = {
            text: next(line.index(text) for line in lines if text in line)
            for text in ("def double(xs):", "for x in xs:", "yield x * 2")
        }
        assert starts["for x in xs:"] - starts["def double(xs):"] == 4, screen
        assert starts["yield x * 2"] - starts["def double(xs):"] == 8, screen
        term.keys("C-q")
        term.wait_for("[exited 0]")
