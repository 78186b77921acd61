"""Bad input in the app: broken persona files, a broken config, a 1 MB paste.

Broken persona files (from tests/corpus/personas/) sit beside a valid one in the user's folder:
the app starts, says how many files are broken, offers the valid personas and lists every
problem at its file:line:col. A broken config (tests/corpus/config/) is shown as its problems,
each positioned with its fix, and how to go on — never a traceback, and the app still quits
cleanly. A 1 MB paste is sent whole when the window holds it and otherwise refused before
anything is stored or sent, with the numbers, the draft left in place; meanwhile the app keeps
answering keys and timers.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.geometry import Region
from textual.widgets import OptionList, Static

from tests.scripted_server import Reply, ScriptedServer
from tests.test_corpus import (
    BIG,
    CONFIG_CASES,
    CONFIGS,
    PERSONA_CASES,
    one_megabyte_paste,
    place_persona,
    write_big,
)
from tests.ui.conftest import paste, ready, screen_text, until, wait_idle, widget_text
from tests.ui.conftest import write_config as configure
from tests.ui.inert_checks import tutor_terminal
from tutor.core.config import paths
from tutor.core.store import Store
from tutor.core.tokens.counter import TiktokenCounter
from tutor.ui.app import TutorApp
from tutor.ui.widgets.composer import Composer
from tutor.ui.widgets.header_bar import HeaderBar
from tutor.ui.widgets.turns import ErrorRow, NoticeLine

SIZE = (110, 40)

# --- broken persona files ------------------------------------------------------------------------

BROKEN_PERSONAS = [
    "binary.yaml",
    "invalid-utf8.yaml",
    "extends-cycle-a.yaml",  # with extends-cycle-b.yaml
    "python-object.yaml",
    "tab-indent.yaml",
    "empty.yaml",
    "undefined-variable.yaml",
    "broken-socratic-override.yaml",  # a broken file with a built-in's id: the built-in stays
    BIG,
]
GRAPH_COACH = (
    "name: Graph coach\n"
    "description: Asks about graphs, one question at a time.\n"
    "extends: socratic\n"
    "system: You coach graph problems. Ask one question at a time; never give the answer.\n"
)


def expected_problems(folder: Path) -> list[str]:
    """Every problem the broken files must be reported with, as the app shows them."""
    found = []
    for name in BROKEN_PERSONAS:
        case = PERSONA_CASES.get(name) or {
            "problems": ["1:1: file is too large (10.0 MB); keep it under 1 MB"]
        }
        for each in [name, *case.get("with", [])]:
            problems = (
                PERSONA_CASES[each]["problems"] if each in PERSONA_CASES else case["problems"]
            )
            found += [f"{folder / Path(each).name}:{p}" for p in problems]
    return sorted(set(found))


def squeezed(text: str) -> str:
    """Without any whitespace (long paths wrap mid-word on screen)."""
    return "".join(text.split())


def region_text(app: TutorApp, region: Region) -> str:
    """The text on screen inside ``region``, lines joined."""
    lines = app.screen._compositor.render_strips()[region.y : region.bottom]
    return " ".join(strip.crop(region.x, region.right).text for strip in lines)


def no_traceback(app: TutorApp) -> None:
    shown = [screen_text(app), *(n.message for n in app._notifications)]
    assert not [s for s in shown if "Traceback" in s or "unexpected error" in s], shown


async def test_broken_persona_files_are_listed_and_the_valid_ones_offered(
    configured: ScriptedServer, store: Store
) -> None:
    folder = paths.user_personas_dir()
    for name in BROKEN_PERSONAS:
        if name == BIG:
            folder.mkdir(parents=True, exist_ok=True)
            write_big(folder / BIG)
        else:
            place_persona(name, folder)
    (folder / "graph-coach.yaml").write_text(GRAPH_COACH, encoding="utf-8")
    problems = expected_problems(folder)
    configured.script("Which vertex would you visit first?")
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)  # started, connected, counted
        header = widget_text(app, app.screen.query_one(HeaderBar))
        assert "Socratic tutor" in header  # the broken override left the built-in in place
        toast = next(n.message for n in app._notifications if "persona file problem" in n.message)
        assert toast == (
            f"persona file problem: {problems[0]} (and {len(problems) - 1} more — Ctrl+N lists "
            "them; broken files are left out until they are fixed)"
        )
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "New session with which persona?" in screen_text(app))
        options = app.screen.query_one(OptionList)
        offered = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert offered == ["socratic", "algorithm-coach", "explainer", "graph-coach"]
        area = app.screen.query_one("#persona-problems")
        listed = str(area.query_one(Static).render()).splitlines()
        assert listed[0] == "Persona files with problems (left out):"
        assert [line for line in listed[1:]] == problems  # all of them, positioned, in order
        assert area.max_scroll_y > 0  # more than fit: the list scrolls
        area.scroll_end(animate=False, immediate=True)
        await pilot.pause(0.05)
        seen = squeezed(region_text(app, area.scrollable_content_region))
        assert squeezed(problems[-1]) in seen  # scrolled to the end, the last one is on screen
        options.highlighted = offered.index("graph-coach")
        await pilot.press("enter")
        await until(
            pilot, lambda: "Graph coach" in widget_text(app, app.screen.query_one(HeaderBar))
        )
        await paste(pilot, "how do I find a cycle?")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert "Which vertex would you visit first?" in screen_text(app)
        no_traceback(app)
    sent = configured.chat_requests()[-1]["messages"]
    assert sent[0]["role"] == "system" and "You coach graph problems." in sent[0]["content"]


# --- a broken config -----------------------------------------------------------------------------

BROKEN_CONFIGS = [
    "binary.yaml",
    "invalid-utf8.yaml",
    "tab-indent.yaml",
    "syntax-unclosed-quote.yaml",
    "python-object.yaml",
    "unknown-endpoint-key.yaml",
    "base-url-with-space.yaml",
    "timeout-negative.yaml",
    "alias-bomb.yaml",
    BIG,
]
GO_ON = "Fix the config file and start tutor again (Ctrl+Q quits); `tutor doctor` checks it."


def place_config(name: str) -> Path:
    target = paths.config_file()
    if name == BIG:
        write_big(target)
    else:
        shutil.copyfile(CONFIGS / name, target)
    return target


async def shows_config_problems(app: TutorApp, pilot: Any, expected: list[str]) -> None:
    """The app shows ``expected`` (one line each), then how to go on; no traceback; it waits."""
    await until(pilot, lambda: bool(app.screen.query(NoticeLine)), "the config's problems")
    (notice,) = app.screen.query(NoticeLine)
    assert str(notice.render()).splitlines() == [*expected, GO_ON]
    await until(pilot, lambda: GO_ON.split()[-1] in widget_text(app, notice), "the notice")
    for line in expected:  # on screen too (wrapped), word for word
        assert squeezed(line) in squeezed(widget_text(app, notice))
    assert "not started — see above" in str(app.screen.query_one("#meter").render())
    no_traceback(app)
    await paste(pilot, "still here")
    await pilot.press("enter")
    await until(pilot, lambda: any("your text is kept" in n.message for n in app._notifications))
    assert app.screen.query_one(Composer).text == "still here"  # the draft waits


@pytest.mark.parametrize("name", BROKEN_CONFIGS)
async def test_a_broken_config_shows_its_problems_and_how_to_go_on(name: str) -> None:
    path = place_config(name)
    expected = [f"{path}:{problem}" for problem in CONFIG_CASES[name]]
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await shows_config_problems(app, pilot, expected)
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)


async def test_every_problem_of_a_config_is_shown_each_at_its_place() -> None:
    path = paths.config_file()
    path.write_text(
        "default_endpiont: local\nendpoints:\n  local:\n    base_url: http://127.0.0.1:8080/v1\n"
        "    timeout: fast\n",
        encoding="utf-8",
    )
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await shows_config_problems(
            app,
            pilot,
            [
                f"{path}:1:1: unknown key 'default_endpiont' — did you mean 'default_endpoint'?",
                f"{path}:5:14: 'timeout' must be a number of seconds > 0, got 'fast' — e.g. "
                "'timeout: 60'",
            ],
        )


def test_in_a_real_terminal_a_broken_config_is_shown_and_the_app_quits_cleanly(
    tmp_path: Path,
) -> None:
    path = place_config("tab-indent.yaml")
    with tutor_terminal(tmp_path) as term:
        screen = term.wait_for("start tutor again")
        (problem,) = CONFIG_CASES["tab-indent.yaml"]
        assert squeezed(f"{path}:{problem}") in squeezed(screen.replace("▕", ""))
        assert "Traceback" not in screen
        term.keys("C-q")
        assert term.wait_for("[exited 0]").strip() == "[exited 0]"


# --- a 1 MB paste --------------------------------------------------------------------------------

REFUSAL = re.compile(
    r"^your message needs ~([\d,]+) tokens, .* the ([\d,]+) tokens available "
    r"\(window ([\d,]+) − reply reserve ([\d,]+) − margin (\d+)\) — "
)


async def test_a_1mb_paste_that_fits_is_sent_whole(server: ScriptedServer, store: Store) -> None:
    configure(server, endpoint={"context_window": 2_000_000})
    server.script(Reply(text="Which line runs most often when the list is long?", chunk_size=5))
    text = one_megabyte_paste()
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await paste(pilot, text)
        assert app.screen.query_one(Composer).text == text
        await pilot.press("enter")
        await wait_idle(pilot)
        assert "Which line runs most often" in screen_text(app)
        no_traceback(app)
    (sent,) = server.chat_requests()
    assert [m["content"] for m in sent["messages"] if m["role"] == "user"][-1] == text
    session = store.latest_session()
    assert session is not None
    student, reply = store.messages(session.id)
    assert student.content == text and reply.status == "complete"


async def test_a_1mb_paste_too_big_is_refused_before_sending_and_the_draft_kept(
    store: Store,
) -> None:
    from tutor.core.tokens.counter import TiktokenCounter

    text = one_megabyte_paste()
    # LM Studio reports its window (32,768 here) and has no tokenizer route: tiktoken counts.
    with ScriptedServer(flavour="lmstudio", window=32_768) as server:
        configure(server)
        app = TutorApp()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            meter = app.screen.query_one("#meter")
            await paste(pilot, text)
            await until(pilot, lambda: "your message needs" in str(meter.render()), "the count")
            numbers = REFUSAL.match(str(meter.render()))  # shown before anything is sent
            assert numbers, str(meter.render())
            await pilot.press("enter")
            await until(
                pilot, lambda: any(n.message.startswith("not sent") for n in app._notifications)
            )
            composer = app.screen.query_one(Composer)
            assert composer.text == text  # the draft is kept, whole
            assert not app.screen.query(ErrorRow)
            toast = [n.message for n in app._notifications if n.message.startswith("not sent")]
            assert toast and REFUSAL.match(toast[-1].removeprefix("not sent — "))
            assert "your message needs" in screen_text(app)  # the numbers, in the meter
            no_traceback(app)
        assert server.chat_requests() == []  # refused before sending
    needed, available, window, reserve, margin = (int(n.replace(",", "")) for n in numbers.groups())
    assert (window, reserve) == (32_768, 800)
    assert available == window - reserve - margin
    (counted,) = TiktokenCounter("scripted-model").count_texts_sync([text])
    assert needed == counted + 4  # the message's tokens plus its framing
    assert store.latest_session() is None  # nothing stored: the draft is still the draft


async def test_the_app_answers_keys_and_timers_while_a_1mb_paste_is_counted(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting a 1 MB paste happens off the event loop: while the count is held unfinished
    (its thread waits on a gate), keys are echoed and timers fire. Proven by order, not time
    (bench/bench_app_stream.py measures the stalls)."""
    import threading

    gate, reached = threading.Event(), threading.Event()
    real = TiktokenCounter.count_texts_sync

    def held(self: TiktokenCounter, texts: Sequence[str]) -> list[int]:
        if sum(map(len, texts)) > 100_000:  # the paste: hold its count until the test says
            reached.set()
            gate.wait(timeout=60)
        return real(self, texts)

    monkeypatch.setattr(TiktokenCounter, "count_texts_sync", held)
    with ScriptedServer(flavour="lmstudio", window=32_768) as server:
        configure(server)
        app = TutorApp()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            composer = app.screen.query_one(Composer)
            meter = app.screen.query_one("#meter")
            ticks: list[bool] = []  # one per 10 ms timer firing: was the count still held?
            timer = app.set_interval(0.01, lambda: ticks.append(not gate.is_set()))
            app.post_message(events.Paste(one_megabyte_paste()))
            await until(pilot, reached.is_set, "the count to start")
            for _ in range(3):  # a key while the paste is being counted, three times
                length = len(composer.text)
                composer.post_message(events.Key("x", "x"))
                await until(pilot, lambda n=length: len(composer.text) > n, "the key echoed")
            before = len(ticks)
            await until(pilot, lambda: len(ticks) >= before + 5, "the timer to fire")
            assert not gate.is_set() and composer.text.endswith("xxx")  # all while held
            gate.set()
            await until(pilot, lambda: "your message needs" in str(meter.render()), "the count")
            timer.stop()  # before the app (and its screen) goes
    assert sum(ticks) >= 5  # timer firings while the count was held
