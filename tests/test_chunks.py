"""Reading a streamed reply's body: events cut anywhere, each server's line ends, errors inside."""

from __future__ import annotations

import itertools
import json

import pytest

from tutor.core.endpoint.chunks import Chunk, ChunkReader, StreamFailed


def event(content: str | None = None, *, finish: str | None = None, usage: bool = False) -> str:
    choices = (
        []
        if content is None and finish is None
        else [
            {"index": 0, "delta": {"content": content} if content else {}, "finish_reason": finish}
        ]
    )
    chunk: dict[str, object] = {"id": "c1", "object": "chat.completion.chunk", "choices": choices}
    if usage:
        chunk["usage"] = {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}
    return "data: " + json.dumps(chunk, ensure_ascii=False)


# What a stream looks like on the wire: Korean and an emoji (several bytes a character), the
# role-only first chunk, a finish, the usage chunk, then [DONE].
EVENTS = [event(), event("재귀의 "), event("base case 🙂"), event(finish="stop"), event(usage=True)]
EXPECTED = [
    Chunk((), None, None),
    Chunk(("재귀의 ",), None, None),
    Chunk(("base case 🙂",), None, None),
    Chunk((), "stop", None),
    Chunk((), None, (12, 3)),
]


def body(events: list[str], end: str) -> bytes:
    return "".join(e + end + end for e in [*events, "data: [DONE]"]).encode()


def read(raw: bytes, cuts: list[int]) -> list[Chunk]:
    reader = ChunkReader()
    found: list[Chunk] = []
    edges = [0, *cuts, len(raw)]
    for start, stop in itertools.pairwise(edges):
        found += reader.feed(raw[start:stop])
    return found + reader.end()


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_every_cut_of_the_body_reads_the_same_chunks(end: str) -> None:
    raw = body(EVENTS, end)
    assert read(raw, []) == EXPECTED
    for cut in range(1, len(raw)):  # inside a UTF-8 character, between \r and \n, anywhere
        assert read(raw, [cut]) == EXPECTED, f"cut at byte {cut}"
    assert read(raw, list(range(1, len(raw)))) == EXPECTED  # one byte at a time


def test_comments_event_names_and_ids_are_skipped_and_data_lines_join() -> None:
    raw = (
        ": ping - 2026-12-03 10:00:00\r\n\r\n"  # sse-starlette's keep-alive (llama-cpp-python)
        "event: message\nid: 7\nretry: 1000\n" + event("one") + "\n\n"
        'data:{"choices": [{"delta": {"content": "two"},\ndata: "index": 0}]}\n\n'
    ).encode()
    assert read(raw, []) == [Chunk(("one",), None, None), Chunk(("two",), None, None)]


def test_nothing_after_done_is_read_and_a_last_event_needs_no_blank_line() -> None:
    after_done = body([event("kept")], "\n") + b"data: {not json\n\n"
    assert read(after_done, []) == [Chunk(("kept",), None, None)]
    unterminated = (event("first") + "\n\n" + event("last")).encode()
    assert read(unterminated, []) == [Chunk(("first",), None, None), Chunk(("last",), None, None)]


def test_an_error_inside_the_stream_is_the_servers_failure() -> None:
    error = {"message": "This model's maximum context length is 8 tokens.", "code": "x"}
    raw = body([event("partial"), "data: " + json.dumps({"error": error})], "\n")
    reader = ChunkReader()
    with pytest.raises(StreamFailed) as caught:
        reader.feed(raw)
    assert caught.value.message == error["message"] and caught.value.body == error


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", '"text"'])
def test_a_chunk_that_is_not_a_json_object_is_malformed(data: str) -> None:
    with pytest.raises(ValueError):
        ChunkReader().feed(f"data: {data}\n\n".encode())


def test_odd_fields_are_left_out_not_trusted() -> None:
    raw = (
        b'data: {"choices": ["x", {"delta": "y"}, {"delta": {"content": 5}, "finish_reason": 1},'
        b' {"delta": {"content": "ok"}}], "usage": {"prompt_tokens": "9"}}\n\n'
    )
    assert read(raw, []) == [Chunk(("ok",), None, (None, None))]
