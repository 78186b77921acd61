"""Transcripts: JSON export/import round trips (exact text), import errors, Markdown, examples."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tutor.core.store import Store, TranscriptError

HOSTILE = "esc \x1b[2J\x1b]0;title\x07 nul \x00 bell \x07 cr\r\nlf\n tab\t ls\u2028 del\x7f 🙂 끝"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "sessions.sqlite3") as opened:
        yield opened


def full_session(store: Store) -> int:
    """A session that uses every field and status."""
    sid = store.create_session(
        "algorithm-coach", "ollama", "qwen2.5:14b", variables={"level": "2학년", "n": "3"}
    ).id
    store.add_message(sid, "user", "문제: two sum\n" + HOSTILE, pinned=True)
    old = store.begin_reply(sid, "qwen2.5:14b")
    store.finish_reply(old, "too long an answer", "complete", finish_reason="length")
    store.set_status(old, "replaced")
    rid = store.begin_reply(sid, "qwen2.5:14b")
    store.finish_reply(
        rid, "무엇을 반환해야 하나요? " + HOSTILE, "complete", finish_reason="stop",
        prompt_tokens=1480, completion_tokens=42,
    )  # fmt: skip
    store.add_message(sid, "user", "stop")
    cut = store.begin_reply(sid, "qwen2.5:14b")
    store.finish_reply(cut, "Let me", "cancelled")
    failed = store.begin_reply(sid, "qwen2.5:14b")
    store.finish_reply(failed, "", "error", error="server said 500: boom\nsecond line")
    return sid


def test_round_trip_is_exact_including_control_characters(store: Store) -> None:
    sid = full_session(store)
    first = store.export_json(sid)
    text = json.dumps(first, ensure_ascii=False)
    imported = store.import_json(json.loads(text), source="roundtrip.json")
    assert imported.id != sid
    second = store.export_json(imported.id)
    assert second == first
    contents = [m["content"] for m in second["messages"]]
    assert contents[0].encode() == ("문제: two sum\n" + HOSTILE).encode()  # byte for byte
    assert [m["status"] for m in second["messages"]] == [
        "complete", "replaced", "complete", "complete", "cancelled", "error",
    ]  # fmt: skip
    assert second["messages"][0]["pinned"] is True
    assert second["messages"][2]["usage"] == {"prompt_tokens": 1480, "completion_tokens": 42}
    assert second["messages"][5]["error"] == "server said 500: boom\nsecond line"
    assert "model" not in second["messages"][0] and "usage" not in second["messages"][1]
    assert second["session"]["variables"] == {"level": "2학년", "n": "3"}


def test_export_shape_and_times(store: Store) -> None:
    sid = full_session(store)
    data = store.export_json(sid)
    assert (data["format"], data["version"]) == ("tutor-session", 1)
    assert set(data["session"]) == {
        "title", "persona", "endpoint", "model", "variables", "created_at", "updated_at",
    }  # fmt: skip
    created = data["session"]["created_at"]
    assert created.endswith("Z") and created[10] == "T"
    assert data["session"]["title"] == "문제: two sum"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text(max_size=200), min_size=1, max_size=5))
def test_any_text_survives_the_round_trip(store: Store, texts: list[str]) -> None:
    sid = store.create_session("p", "e", "m").id
    for i, text in enumerate(texts):
        store.add_message(sid, "user" if i % 2 == 0 else "assistant", text)
    first = store.export_json(sid)
    again = store.export_json(store.import_json(json.loads(json.dumps(first)), source="x").id)
    assert again == first
    assert [m["content"] for m in again["messages"]] == texts


def test_lone_surrogates_in_an_imported_file_become_replacement_characters(store: Store) -> None:
    data = valid()
    data["session"]["title"] = "bad \ud800 title"
    data["session"]["variables"] = {"level": "\udfff"}
    data["messages"][0]["content"] = "x\ud83dy"
    info = store.import_json(data, source="x")
    assert info.title == "bad \ufffd title" and info.variables == {"level": "\ufffd"}
    assert store.messages(info.id)[0].content == "x\ufffdy"


def test_a_reply_exported_mid_stream_imports_as_interrupted(store: Store) -> None:
    sid = store.create_session("p", "e", "m").id
    rid = store.begin_reply(sid, "m")
    store.update_reply(rid, "partial")
    data = store.export_json(sid)
    assert data["messages"][0]["status"] == "streaming"
    copy_id = store.import_json(data, source="x").id
    (message,) = store.messages(copy_id)
    assert (message.status, message.content, message.writer) == ("interrupted", "partial", None)


def test_an_untitled_import_takes_its_title_from_the_first_student_message(store: Store) -> None:
    data = store.export_json(full_session(store))
    data["session"]["title"] = ""
    assert store.import_json(data, source="x").title == "문제: two sum"


def valid() -> dict[str, Any]:
    return json.loads((ROOT / "sessions" / "recursion-socratic.json").read_text("utf-8"))


def broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(valid())
    exec(change, {"d": data})
    return data


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("d['format'] = 'chat'", "format: expected 'tutor-session', found 'chat'"),
        ("d['version'] = 2", "version: version 2 is newer than this tutor reads (1) — upgrade"),
        ("d['version'] = '1'", "version: expected 1, found '1'"),
        ("del d['messages']", "missing key 'messages'"),
        ("d['extra'] = 1", "unknown key 'extra'"),
        ("del d['session']['persona']", "session: missing key 'persona'"),
        ("d['session']['model'] = 4", "session.model: expected a string, found the number 4"),
        ("d['session']['variables'] = []", "session.variables: expected an object, found a list"),
        ("d['session']['created_at'] = 'yesterday'", "session.created_at: expected an ISO 8601"),
        ("d['session']['updated_at'] = '2026-11-18T19:02:11'", "(with Z or an offset)"),
        ("d['session']['updated_at'] = '9999-12-31T23:59:59-05:00'", "time out of range"),
        ("d['messages'] = {}", "messages: expected a list, found an object"),
        ("d['messages'][3] = 'hi'", "messages[3]: expected an object, found a string"),
        ("d['messages'][3]['role'] = 'system'",
         "messages[3].role: expected 'user' or 'assistant', found 'system'"),
        ("d['messages'][0]['content'] = None",
         "messages[0].content: expected a string, found null"),
        ("d['messages'][1]['status'] = 'done'", "messages[1].status: expected 'streaming', "),
        ("d['messages'][1]['pinned'] = 0", "messages[1].pinned: expected true or false"),
        ("d['messages'][1]['usage']['prompt_tokens'] = -1",
         "messages[1].usage.prompt_tokens: expected a whole number ≥ 0 or null"),
        ("d['messages'][1]['usage'] = 7", "messages[1].usage: expected an object"),
        ("d['messages'][1]['usage']['total'] = 7", "messages[1].usage: unknown key 'total'"),
        ("d['messages'][2]['color'] = 'red'", "messages[2]: unknown key 'color'"),
        ("d['messages'][1]['model'] = ['x']", "messages[1].model: expected a string, found a list"),
    ],
)  # fmt: skip
def test_import_errors_name_the_json_path(store: Store, change: str, problem: str) -> None:
    with pytest.raises(TranscriptError) as caught:
        store.import_json(broken(change), source="lesson.json")
    message = str(caught.value)
    assert message.startswith("lesson.json: ")
    assert problem in message
    assert "\n" not in message
    assert caught.value.exit_code == 2
    assert store.list_sessions() == []  # nothing half-imported


def test_import_of_a_non_object_says_what_it_found(store: Store) -> None:
    with pytest.raises(TranscriptError, match=r"^x\.json: expected an object, found a list$"):
        store.import_json([1, 2], source="x.json")


def test_import_from_text_names_line_and_column_of_every_problem(store: Store) -> None:
    data = valid()
    data["session"]["model"] = 4
    data["session"]["variables"] = {"level": ["first", "year"]}
    data["messages"][2]["colour"] = "red"
    data["messages"][3]["pinned"] = "yes"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    lines = text.splitlines()

    def place(key: str, value: str) -> str:
        """line:col of ``value`` on the first line that says ``"key": value``."""
        needle = f'"{key}": {value}'
        number = next(i for i, line in enumerate(lines) if needle in line)
        col = lines[number].index(needle) + len(needle) - len(value) + 1
        return f"lesson.json:{number + 1}:{col}"

    with pytest.raises(TranscriptError) as caught:
        store.import_json(json.loads(text), source="lesson.json", text=text)
    colour, pinned = place("colour", '"red"'), place("pinned", '"yes"')
    model, level = place("model", "4"), place("level", "[")
    assert caught.value.lines() == [
        f"{colour}: messages[2]: unknown key 'colour'",
        f"{pinned}: messages[3].pinned: expected true or false, found a string",
        f"{model}: session.model: expected a string, found the number 4",
        f"{level}: session.variables.level: expected a string, found a list",
    ]
    assert str(caught.value).endswith(" (and 3 more)") and "\n" not in str(caught.value)
    assert store.list_sessions() == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("d['session']['title'] = 'x' * 1001", "session.title: too long: 1,001 characters"),
        ("d['session']['persona'] = 'p' * 201", "session.persona: too long: 201 characters"),
        ("d['session']['variables'] = {'n': 3}", "session.variables.n: expected a string"),
        ("d['session']['variables'] = {'v' * 101: 'x'}", "a variable name is 101 characters"),
        ("d['messages'][1]['finish_reason'] = 's' * 101", "messages[1].finish_reason: too long"),
        ("d['messages'][1]['error'] = 'e' * 10001", "messages[1].error: too long: 10,001"),
    ],
)  # fmt: skip
def test_import_checks_the_length_of_every_text(store: Store, change: str, problem: str) -> None:
    with pytest.raises(TranscriptError) as caught:
        store.import_json(broken(change), source="lesson.json")
    assert problem in str(caught.value)
    assert store.list_sessions() == []


def test_imported_times_in_the_future_become_now(store: Store) -> None:
    data = valid()
    data["session"]["created_at"] = "2098-01-01T00:00:00Z"
    data["session"]["updated_at"] = "2099-01-01T00:00:00+09:00"
    data["messages"][0]["created_at"] = "2099-06-01T00:00:00Z"
    before = time.time()
    info = store.import_json(data, source="x")
    after = time.time()
    assert before <= info.created_at <= info.updated_at <= after
    first, second = store.messages(info.id)[:2]
    assert before <= first.created_at <= after
    assert (
        second.created_at == datetime.fromisoformat(data["messages"][1]["created_at"]).timestamp()
    )


def test_markdown_is_a_readable_transcript(store: Store) -> None:
    sid = full_session(store)
    text = store.export_markdown(sid)
    lines = text.splitlines()
    assert lines[0] == "# 문제: two sum"
    assert "- Persona: algorithm-coach" in lines
    assert "- Model: qwen2.5:14b (ollama)" in lines
    assert any(line.startswith("- Started: ") and line.endswith(" UTC") for line in lines)
    assert "- Replaced replies left out: 1" in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert [h.split(" · ")[0] for h in headings] == ["## Student", "## Tutor"] * 2 + ["## Tutor"]
    assert headings[0].endswith(" · pinned")
    assert headings[3].endswith(" · cancelled")
    assert headings[4].endswith(" · error: server said 500: boom second line")
    assert HOSTILE in text  # content as-is; rendering is not done here
    assert "too long an answer" not in text


EXAMPLES = sorted((ROOT / "sessions").glob("*.json"))


def test_there_are_example_sessions() -> None:
    assert {p.stem for p in EXAMPLES} >= {"recursion-socratic", "two-sum-ko"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_session_round_trips_and_its_markdown_is_current(store: Store, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    info = store.import_json(json.loads(text), source=str(path))
    exported = json.dumps(store.export_json(info.id), ensure_ascii=False, indent=2) + "\n"
    assert exported == text
    markdown = path.with_suffix(".md")
    assert store.export_markdown(info.id) == markdown.read_text(encoding="utf-8"), (
        f"{markdown} is out of date: write it again with Store.export_markdown"
    )
    roles = {m.role for m in store.messages(info.id)}
    assert roles == {"user", "assistant"}
