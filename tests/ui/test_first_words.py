"""Around the first words of a reply: what waits for them, and what must not.

The sidebar, the header, the meter and the footer are brought up to date after the reply's
first words are drawn, so that nothing stands between Enter and them; a server slow to answer
(held here, released by the test) must not keep those waiting, nor a reply that fails first.
"""

from __future__ import annotations

from textual.widgets import Footer

from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.ui.conftest import ready, screen_text, type_text, until, wait_idle, widget_text
from tutor.ui.app import TutorApp
from tutor.ui.widgets.header_bar import HeaderBar
from tutor.ui.widgets.session_list import SessionList
from tutor.ui.widgets.turns import ErrorRow

SIZE = (110, 32)


async def test_a_server_slow_to_answer_keeps_neither_the_sidebar_nor_the_stop_key_waiting(
    configured: ScriptedServer,
) -> None:
    configured.script(Reply(text="What does the loop do first?", hold_after=[0]))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "loops again")
        await pilot.press("enter")
        sidebar = app.screen.query_one(SessionList)
        footer = app.screen.query_one(Footer)
        header = app.screen.query_one(HeaderBar)
        try:  # the server has not sent a byte of the reply: all of this comes meanwhile
            await until(pilot, lambda: "loops again" in widget_text(app, sidebar), "the sidebar")
            await until(pilot, lambda: "loops again" in widget_text(app, header), "the title")
            await until(pilot, lambda: "Stop" in widget_text(app, footer), "the Stop key")
            assert "What does the loop" not in screen_text(app)
        finally:
            configured.release()
        await wait_idle(pilot)
        assert "What does the loop do first?" in screen_text(app)
        await until(pilot, lambda: "Stop" not in widget_text(app, footer), "Stop to go")


async def test_a_reply_that_fails_before_its_first_word_still_lists_the_session(
    configured: ScriptedServer,
) -> None:
    configured.script(Reply(fault=Fault.http(400, "Invalid request.")))
    app = TutorApp()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "a question that fails")
        await pilot.press("enter")
        await wait_idle(pilot)
        sidebar = app.screen.query_one(SessionList)
        await until(pilot, lambda: "a question that" in widget_text(app, sidebar), "the sidebar")
        (row,) = app.screen.query(ErrorRow)
        assert "refused the request (400)" in widget_text(app, row)
