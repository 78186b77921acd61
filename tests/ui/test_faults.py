"""Every way a reply can fail shows one line where the reply would be, with Retry; nothing lost."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from tests import test_fault_matrix as matrix
from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.test_fault_matrix import Case
from tests.ui.conftest import (
    paste,
    ready,
    screen_text,
    until,
    wait_idle,
    widget_text,
    write_config,
)
from tests.ui.store_faults import CASES as STORE_CASES
from tests.ui.store_faults import (
    StoreCase,
    StoreOutcome,
    chattr_works,
    observe_store_fault,
    placeheld,
)
from tutor.core.config import paths
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.widgets.composer import Composer
from tutor.ui.widgets.turns import VERSION_NOTE, ErrorRow, Turn

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tutor.core.store import StoredMessage

SIZE = (110, 32)
PARTIAL = "Let us look at the first half of the array and "

# The reply Retry brings, as shown: the failed attempt stays its first version (the student can
# step back to it), so the new one says it is the second.
ANSWERED_AGAIN = f"{matrix.AFTER} {VERSION_NOTE.format(2, 2)}"


def squeezed(text: str) -> str:
    return "".join(text.split())


FAULTS = {
    "key rejected (401)": ([Reply(fault=Fault.http(401))], "API key (401)"),
    "model not found (404)": ([Reply(fault=Fault.http(404))], "not"),
    "rate limited, long wait (429)": ([Reply(fault=Fault.http(429, retry_after=90))], "429"),
    "out of credit (429)": ([Reply(fault=Fault.quota())], "credit"),
    "bad request (400)": ([Reply(fault=Fault.http(400))], "400"),
    "server error every time (500)": ([Reply(fault=Fault.http(500))] * 4, "500"),
    "dropped mid-reply": (
        [Reply(text=PARTIAL + "more", chunk_size=4, fault=Fault(drop_after=12))],
        "dropped",
    ),
    "stalled mid-reply": (
        [Reply(text=PARTIAL + "more", chunk_size=4, fault=Fault(stall_after=12, stall_seconds=3))],
        "no data",
    ),
    "malformed chunk": (
        [Reply(text=PARTIAL + "more", chunk_size=4, fault=Fault(malformed_after=12))],
        "malformed",
    ),
    "window overflow twice": ([Reply(fault=Fault(overflow="openai", window=3000))] * 2, "window"),
    "no first byte in time": ([Reply(text="late", first_byte_delay=2.0)] * 4, "no answer"),
}


@pytest.mark.parametrize("name", list(FAULTS))
async def test_a_fault_is_one_inline_line_with_retry(
    name: str, server: ScriptedServer, store: Store
) -> None:
    replies, words = FAULTS[name]
    write_config(server, endpoint={"timeout": 0.5, "stall_timeout": 0.5})
    server.script(*replies)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await paste(pilot, "split it")
        await pilot.press("enter")
        await wait_idle(pilot)
        await paste(pilot, "next thought")  # typed after the failure: the draft is kept
        rows = list(app.screen.query(ErrorRow))
        assert len(rows) == 1, screen_text(app)
        session = store.latest_session()
        assert session is not None
        student, reply = store.messages(session.id)
        assert (student.role, student.content) == ("user", "split it")
        assert reply.status == "error" and reply.error
        assert "\n" not in reply.error and "Traceback" not in reply.error
        assert words in reply.error
        shown = screen_text(app)
        on_screen = widget_text(app, rows[0].query_one(".error-text"))
        assert squeezed(on_screen) == squeezed(f"⚠ {reply.error}")  # wrapping aside
        assert widget_text(app, rows[0].query_one("#retry")) == "Retry"
        assert "split it" in shown
        if reply.content:  # the part that arrived before a mid-reply failure stays visible
            assert reply.content.startswith(PARTIAL[:20])
            assert PARTIAL[:20] in shown
        server.script("Which half holds the answer?")
        await pilot.click("#retry")
        await wait_idle(pilot)
        shown = screen_text(app)
        assert "Which half holds the answer?" in shown
        assert not app.screen.query(ErrorRow)
        assert app.screen.query_one(Composer).text == "next thought"
    final = store.messages(session.id)
    assert [(m.role, m.status) for m in final] == [("user", "complete"), ("assistant", "complete")]


async def test_a_server_that_went_away_is_reported_and_retry_works_when_it_is_back(
    server: ScriptedServer, store: Store
) -> None:
    write_config(server)
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        port = server.port
        server.stop()
        await paste(pilot, "anyone there")
        await pilot.press("enter")
        await wait_idle(pilot)
        row = app.screen.query_one(ErrorRow)
        assert "cannot connect" in row.error and str(port) in row.error
        with ScriptedServer(port=port) as again:
            again.script("Yes — what are you working on?")
            await pilot.press("ctrl+r")
            await wait_idle(pilot)
            assert "Yes — what are you working on?" in screen_text(app)
    session = store.latest_session()
    assert session is not None
    assert [m.content for m in store.messages(session.id)] == [
        "anyone there",
        "Yes — what are you working on?",
    ]


async def test_a_message_too_long_for_the_window_is_kept_and_says_what_to_do(
    server: ScriptedServer, store: Store
) -> None:
    write_config(server, endpoint={"context_window": 2500})
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        composer = app.screen.query_one(Composer)
        composer.load_text("long question " * 1500)
        await pilot.press("enter")  # at once: the meter has not sized it yet
        await until(pilot, lambda: any("not sent" in n.message for n in app._notifications))
        (toast,) = [n.message for n in app._notifications if "not sent" in n.message]
        assert "tokens" in toast and " — shorten it" in toast  # the numbers and what to do
        assert "your message needs" in str(app.screen.query_one("#meter").render())
        assert not server.chat_requests()  # refused before sending
        assert composer.text == "long question " * 1500  # the draft stays, to be shortened
        assert not app.screen.query(Turn) and not app.screen.query(ErrorRow)
        composer.load_text("short question")
        server.script("What have you tried?")
        await pilot.press("enter")
        await wait_idle(pilot)
        assert "What have you tried?" in screen_text(app)
    session = store.latest_session()
    assert session is not None
    assert [m.content for m in store.messages(session.id)] == [
        "short question",
        "What have you tried?",
    ]


# --- the fault matrix of tests/FAULTS.md, in the app --------------------------------------------
#
# The same cases `tutor ask` is run through (tests/test_fault_matrix.py), with the same config
# (timeouts, the key's variable), played in the app: the inline row must be the very line the CLI
# prints, name the cause and what to do; no traceback anywhere; the student's message stored; a
# partial reply kept (on screen and in the store, status 'error') and marked by the row; and once
# the fault clears — the server started, the base_url fixed and the app restarted, or simply the
# server healthy again — Retry gets the answer.


@dataclass
class AppOutcome:
    """What the app showed for one fault case."""

    row: str  # the inline error row's text (ports as PORT); "" when the turn was answered
    rows: int  # error rows on screen
    answered: str  # the reply on screen when the turn was answered despite the fault
    partial_on_screen: bool
    stored: str  # the student's message as stored
    reply_status: str
    reply_text: str
    reply_error: str | None
    tracebacks: list[str]  # any text shown or stored that holds "Traceback" or a bug's note
    window: str  # the window the token meter shows afterwards
    cleared: str  # the reply shown after Retry once the fault cleared ("" if none)
    final: list[tuple[str, str, str]]  # (role, status, content) of the session's last two


async def send_and_wait(pilot: Pilot[Any], text: str) -> None:
    """Send ``text`` and wait until its turn has ended, however it ended."""

    def students() -> int:
        return sum(1 for t in pilot.app.screen.query(Turn) if t.message.role == "user")

    before = students()
    await paste(pilot, text)
    await pilot.press("enter")
    await until(pilot, lambda: students() > before, "the message to show", timeout=5)
    await wait_idle(pilot)


def shown_everywhere(app: TutorApp) -> list[str]:
    """Every text the student can see: the screen and every toast."""
    return [screen_text(app), *(n.message for n in app._notifications)]


async def observe_in_app(case: Case, store: Store) -> AppOutcome:
    port = matrix.free_port()
    with ScriptedServer() as server, matrix.key_in_environment():
        url = {
            "server": server.base_url,
            "refused": f"http://127.0.0.1:{port}/v1",
            "dns": "http://no-such-host.invalid/v1",
        }[case.url]
        matrix.write_config(url, case.config)
        app = TutorApp()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            for _turn in range(case.earlier_turns):
                await send_and_wait(pilot, matrix.LONG_TURN)
            server.requests.clear()
            server.script(*case.replies)
            await send_and_wait(pilot, matrix.QUESTION)
            rows = list(app.screen.query(ErrorRow))
            row = rows[-1].error if rows else ""
            if row:  # what the row shows is what it holds (wrapping aside)
                on_screen = widget_text(app, rows[-1].query_one(".error-text"))
                assert squeezed(on_screen) == squeezed(f"⚠ {row}")
            replies = [t for t in app.screen.query(Turn) if t.message.role == "assistant"]
            newest = widget_text(app, replies[-1]) if replies else ""
            seen = shown_everywhere(app)
            meter = str(app.screen.query_one("#meter").render())
            window = meter.split(" tokens")[0].split(" of ")[-1]
            asked, reply = stored_turn(store)
            server.reset()
            server.script(Reply(text=matrix.AFTER))
            if case.url == "refused":  # the server comes up on the port that refused
                with ScriptedServer(port=port) as revived:
                    revived.script(Reply(text=matrix.AFTER))
                    cleared = await retry(pilot) if rows else ""
            elif case.url != "dns":
                cleared = await retry(pilot) if rows else ""
            seen += shown_everywhere(app)
        if case.url == "dns":  # the student fixes base_url and starts tutor again
            matrix.write_config(server.base_url, case.config)
            app = TutorApp()
            async with app.run_test(size=SIZE) as pilot:
                await ready(pilot)
                await until(pilot, lambda: bool(app.screen.query(ErrorRow)), "the failed turn")
                cleared = await retry(pilot)
                seen += shown_everywhere(app)
    session = store.latest_session()
    assert session is not None
    messages = store.messages(session.id)
    errors = [m.error or "" for m in store.messages(session.id, include_replaced=True)]
    return AppOutcome(
        row=matrix._without_ports(row),
        rows=len(rows),
        answered=newest if not rows else "",
        partial_on_screen=bool(case.partial) and case.partial.strip() in newest,
        stored=asked.content if asked else "",
        reply_status=reply.status if reply else "",
        reply_text=reply.content if reply else "",
        reply_error=matrix._without_ports(reply.error) if reply and reply.error else None,
        tracebacks=[t for t in seen + errors if "Traceback" in t or "unexpected error" in t],
        window=window,
        cleared=cleared,
        final=[(m.role, m.status, m.content) for m in messages[-2:]],
    )


def stored_turn(store: Store) -> tuple[StoredMessage | None, StoredMessage | None]:
    """The student's question in the newest session, and the reply stored after it."""
    session = store.latest_session()
    assert session is not None
    messages = store.messages(session.id)
    mine = [i for i, m in enumerate(messages) if m.content == matrix.QUESTION]
    if not mine:
        return None, None
    after = messages[mine[0] + 1 :]
    return messages[mine[0]], after[0] if after else None


async def retry(pilot: Pilot[Any]) -> str:
    """Press the row's Retry and return the reply it brought, as shown (with the note saying
    it is the failed reply's second version)."""
    app = pilot.app
    await pilot.click("#retry")
    await wait_idle(pilot)
    await until(pilot, lambda: not app.screen.query(ErrorRow), "the error row to go", timeout=5)
    replies = [t for t in app.screen.query(Turn) if t.message.role == "assistant"]
    shown = widget_text(app, replies[-1]) if replies else ""
    return shown


@pytest.mark.parametrize("case", matrix.CASES, ids=[c.id for c in matrix.CASES])
async def test_fault_in_the_app(case: Case, store: Store) -> None:
    outcome = await observe_in_app(case, store)
    assert outcome.tracebacks == []
    assert outcome.stored == matrix.QUESTION  # the student's message is in the store
    if case.exit == 0:  # the app, like the CLI, got past the fault by itself
        assert outcome.rows == 0 and outcome.answered == matrix.REPLY
        assert outcome.reply_status == "complete"
        assert outcome.window == "2,048"  # the learned window is in the meter at once
    else:
        assert outcome.rows == 1
        assert " — " in outcome.row  # what went wrong — what to do
        assert outcome.row == outcome.reply_error  # the row shows what the store keeps
        assert outcome.reply_status == "error" and outcome.reply_text == case.partial
        if case.partial:  # kept, on screen above the row, and the row says so
            assert outcome.partial_on_screen and "the partial reply is kept" in outcome.row
        assert said_by_the_cli(case, outcome.row), "the app's row is the line `tutor ask` prints"
        assert outcome.cleared == ANSWERED_AGAIN
        assert outcome.final == [
            ("user", "complete", matrix.QUESTION),
            ("assistant", "complete", matrix.AFTER),
        ]
    assert app_row(case, outcome) in matrix.FAULTS_MD.read_text("utf-8").splitlines(), (
        "the app's table in tests/FAULTS.md is out of date — run: "
        ".venv/bin/python -m tests.ui.test_faults"
    )


# --- the app's table in tests/FAULTS.md ---------------------------------------------------------

APP_HEADER = [
    "| Fault | What the app shows where the reply would be | Student's message | Partial reply"
    " | After it clears | Test |",
    "|---|---|---|---|---|---|",
]


def said_by_the_cli(case: Case, row: str) -> bool:
    """True if ``row`` is the line `tutor ask` prints for this fault (its table row says)."""
    lines = matrix.FAULTS_MD.read_text("utf-8").splitlines()
    cli_row = next(r for r in lines if r.startswith(f"| {case.fault} |"))
    return matrix._cell(matrix._code(f"tutor: {row}")) in cli_row


def app_row(case: Case, outcome: AppOutcome) -> str:
    """One fault's row in the app's table, from what the app showed."""
    if not outcome.row:
        shown = f"no row: answered; the meter shows the learned window ({outcome.window}) at once"
    elif outcome.rows == 1 and said_by_the_cli(case, outcome.row):
        shown = "one row: `⚠` and the same line as `tutor ask` (cause — what to do), and Retry"
    else:
        shown = f"{outcome.rows} row(s): {matrix._code(outcome.row)}"
    stored = "stored" if outcome.stored == matrix.QUESTION else "MISSING"
    if outcome.reply_status == "complete":
        partial = "none: answered (`complete`)"
    elif outcome.reply_text:
        where = "on screen above the row" if outcome.partial_on_screen else "NOT ON SCREEN"
        partial = f"kept {where} and stored: {outcome.reply_text!r}, `{outcome.reply_status}`"
    else:
        partial = f"none arrived; stored as an empty reply, `{outcome.reply_status}`"
    if not outcome.row:
        cleared = "nothing to clear"
    else:
        cleared = "Retry answered" if outcome.cleared == ANSWERED_AGAIN else "Retry still failing"
        cleared += {"refused": " (server started)", "dns": " (base_url fixed, app restarted)"}.get(
            case.url, ""
        )
    test = f"`tests/ui/test_faults.py::test_fault_in_the_app[{case.id}]`"
    cells = [case.fault, shown, stored, partial, cleared, test]
    return "| " + " | ".join(matrix._cell(c) for c in cells) + " |"


def app_section(rows: list[str]) -> str:
    intro = [
        matrix.APP_SECTION,
        "",
        "The same cases, with the same config, played in the app (Textual, under Pilot); the",
        "row sits where the reply would be. Generated like the table above:",
        "`.venv/bin/python -m tests.ui.test_faults` rewrites this part only.",
        "",
    ]
    return "\n".join(intro + APP_HEADER + rows) + "\n"


def test_faults_md_has_the_apps_table_in_order() -> None:
    lines = matrix.FAULTS_MD.read_text("utf-8").splitlines()
    start = lines.index(APP_HEADER[0])
    assert lines[start + 1] == APP_HEADER[1]
    table = lines[start + 2 : lines.index("", start)]
    assert [r.split(" | ")[0].removeprefix("| ") for r in table] == [c.fault for c in matrix.CASES]
    start = lines.index(STORE_HEADER[0], lines.index(STORE_SECTION))
    table = lines[start + 2 :]
    assert [r.split(" | ")[0].removeprefix("| ") for r in table] == [c.fault for c in STORE_CASES]


# --- the session store failing under the app (tests/ui/store_faults.py) --------------------------

STORE_SECTION = "### The session store, in the app"
STORE_HEADER = [
    "| Fault | How the test makes it | What the app says (one line each) | What is kept | Test |",
    "|---|---|---|---|---|",
]


def store_row(case: StoreCase, outcome: StoreOutcome) -> str:
    """One store fault's row, from what the app said."""
    said = "; ".join(matrix._code(placeheld(line)) for line in outcome.said) or "NOTHING SAID"
    if outcome.tracebacks or not outcome.running:
        said += " — AND A TRACEBACK OR AN EXIT"
    test = f"`tests/ui/test_faults.py::test_store_fault_in_the_app[{case.id}]`"
    cells = [case.fault, case.how, said, outcome.kept, test]
    return "| " + " | ".join(matrix._cell(c) for c in cells) + " |"


UNWRITABLE = ("export-unwritable", "read-only", "read-only-later")


@pytest.mark.parametrize("case", STORE_CASES, ids=[c.id for c in STORE_CASES])
async def test_store_fault_in_the_app(
    case: StoreCase, configured: ScriptedServer, store: Store
) -> None:
    if case.id in UNWRITABLE and not chattr_works(paths.exports_dir()):
        pytest.skip("running as root where `chattr +i` does not work: nothing is unwritable")
    if case.id == "read-only-later" and os.geteuid() != 0:
        pytest.skip(
            "a mode changed after start leaves the app's open file writable: only root's "
            "`chattr +i` makes a store read-only under a running app"
        )
    outcome = await observe_store_fault(case, store)
    assert outcome.running and outcome.tracebacks == []
    assert outcome.said, "the app said nothing"
    for line in outcome.said:
        assert "\n" not in line and " — " in line, line  # one line: what went wrong — what to do
    assert "LOST" not in outcome.kept and "LEFT" not in outcome.kept, outcome.kept
    assert "DID NOT" not in outcome.kept and "EMPTIED" not in outcome.kept, outcome.kept
    assert store_row(case, outcome) in matrix.FAULTS_MD.read_text("utf-8").splitlines(), (
        "the store table in tests/FAULTS.md is out of date — run: "
        ".venv/bin/python -m tests.ui.test_faults"
    )


def store_section(rows: list[str]) -> str:
    intro = [
        STORE_SECTION,
        "",
        "Store failures the student can meet in the app, each made for real under Pilot",
        "(tests/ui/store_faults.py): a line that says what went wrong and what to do, never a",
        "traceback or an exit. Generated with the table above; `.venv/bin/python -m",
        "tests.ui.test_faults --store` rewrites this table only.",
        "",
    ]
    return "\n".join(intro + STORE_HEADER + rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Play every case in the app in a throw-away home; rewrite the app's part of FAULTS.md
    (``--store``: only the store's table, the model server's table kept as it is)."""
    import asyncio
    import os
    import sys
    import time

    from tests.ui.conftest import CLOSED_PORTS
    from tutor.core.endpoint import client, probe
    from tutor.ui.session import persona_watch

    args = sys.argv[1:] if argv is None else argv
    probe.LOCAL_SERVERS = CLOSED_PORTS  # as the tests' quiet_machine fixture has it
    client.RETRY_DELAYS = (0.05, 0.05, 0.05)  # type: ignore[assignment]
    persona_watch.PERSONA_CHECK_SECONDS = 0.2
    os.environ["TZ"] = "UTC"
    time.tzset()
    text = matrix.FAULTS_MD.read_text("utf-8")
    if "--store" in args:
        app_part = text.split("\n" + matrix.APP_SECTION + "\n")[1].split(STORE_SECTION)[0]
        app_table = matrix.APP_SECTION + "\n" + app_part.rstrip("\n") + "\n"
    else:
        rows = []
        for case in matrix.CASES:
            with _home() as store:
                rows.append(app_row(case, asyncio.run(observe_in_app(case, store))))
            print(rows[-1], file=sys.stderr)
        app_table = app_section(rows)
    store_rows = []
    for store_case in STORE_CASES:
        with ScriptedServer() as server, _home() as store:
            write_config(server)
            store_rows.append(
                store_row(store_case, asyncio.run(observe_store_fault(store_case, store)))
            )
        print(store_rows[-1], file=sys.stderr)
    cli_part = text.split("\n" + matrix.APP_SECTION + "\n")[0].rstrip("\n") + "\n"
    tables = app_table + "\n" + store_section(store_rows)
    matrix.FAULTS_MD.write_text(cli_part + "\n" + tables, "utf-8")
    return 0


@contextlib.contextmanager
def _home() -> Iterator[Store]:
    """A throw-away home (config, data, exports) and its store, as the tests' fixtures make."""
    import os
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as home:
        os.environ["TUTOR_CONFIG"] = f"{home}/config/config.yaml"
        os.environ["TUTOR_DATA_DIR"] = f"{home}/data"
        os.environ["TUTOR_EXPORTS_DIR"] = f"{home}/exports"
        Path(home, "config").mkdir()
        with Store.open(paths.store_file()) as store:
            yield store


if __name__ == "__main__":
    raise SystemExit(main())
