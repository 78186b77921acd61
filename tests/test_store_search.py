"""Searching the store: Korean substrings, short words, literal FTS syntax, exactness, snippets."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.core.store import Store, search
from tutor.core.store.snippets import SEPARATORS


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "sessions.sqlite3") as opened:
        yield opened


def add(store: Store, *texts: str, title: str = "") -> list[int]:
    sid = store.create_session("socratic", "local", "tiny", title=title).id
    return [store.add_message(sid, "user", text).id for text in texts]


def found(store: Store, query: str) -> list[int]:
    return [hit.message_id for hit in store.search(query, limit=1000)]


def index_is_consistent(store: Store) -> bool:
    try:
        store.conn.execute(
            "INSERT INTO message_text (message_text, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError:
        return False
    return True


def test_korean_substrings_inside_words(store: Store) -> None:
    bubble, _merge, other = add(
        store, "버블정렬을 직접 구현해 봤어요", "병합 정렬은 안정적인가요?", "이진 탐색 트리"
    )
    assert found(store, "정렬을") == [bubble]  # inside a compound word
    assert found(store, "블정렬") == [bubble]
    assert found(store, "탐색 트리") == [other]


def test_two_character_korean_words_anywhere_in_a_word(store: Store) -> None:
    ids = add(
        store,
        "정렬은 왜 필요할까요?",  # at the start
        "오늘은 버블정렬",  # inside a compound, at the very end of the message
        "배열을 먼저 정렬하면",  # with a particle
        "재귀로 풀어 봤어요",
        "배열",  # the whole message
    )
    assert found(store, "정렬") == [ids[2], ids[1], ids[0]]  # newest first
    assert found(store, "배열") == [ids[4], ids[2]]
    assert found(store, "재귀") == [ids[3]]
    assert found(store, "힙") == []
    assert found(store, "렬") == [ids[2], ids[1], ids[0]]  # one syllable too


def test_mixed_korean_and_english_terms_must_all_appear(store: Store) -> None:
    both, english, korean = add(
        store,
        "binary search는 정렬된 배열에서만 돼요",
        "Binary search needs sorted input",
        "이진 탐색은 정렬된 배열이 필요해요",
    )
    assert found(store, "binary 정렬") == [both]
    assert found(store, "BINARY search") == [english, both]  # case-insensitive
    assert found(store, "정렬된 배열") == [korean, both]
    assert found(store, "binary 힙") == []


@pytest.mark.parametrize(
    "query",
    ['"', '""', '"quotes"', "*", "stars*", "AND", "OR", "NOT", "(", ")", "(parens)", "NEAR(a b)",
     "content:x", "^x", "-x", "{a b}", "'", ";", "\\", "a AND b", "x OR", "+", "a\x00b", "\x1b[2J"],
)  # fmt: skip
def test_fts_syntax_in_a_query_is_searched_literally_and_never_raises(
    store: Store, query: str
) -> None:
    texts = [
        'use "quotes", (parens) AND stars* ^x -x {a b} a:b; \\ + NEAR(a b) content:x \x1b[2J',
        "nothing special here",
    ]
    ids = add(store, *texts)
    terms = [t for t in SEPARATORS.split(query) if t]
    expected = [
        i for i, t in zip(ids, texts, strict=True) if all(w.lower() in t.lower() for w in terms)
    ]
    assert found(store, query) == expected[::-1]


def test_empty_and_blank_queries_find_nothing(store: Store) -> None:
    add(store, "some text")
    assert store.search("") == []
    assert store.search("  \n\t ") == []
    assert store.search("text", limit=0) == []


def test_streaming_and_replaced_replies_are_not_found_finished_ones_are(store: Store) -> None:
    sid = store.create_session("p", "e", "m").id
    rid = store.begin_reply(sid, "m")
    store.update_reply(rid, "a half-written thought about recursion")
    assert found(store, "recursion") == []
    store.finish_reply(rid, "a finished thought about recursion", "complete")
    assert found(store, "recursion") == [rid]
    store.set_status(rid, "replaced")
    assert found(store, "recursion") == []
    store.set_status(rid, "complete")
    assert found(store, "recursion") == [rid]
    assert index_is_consistent(store)


def test_edits_and_deletes_keep_the_index_in_sync(store: Store) -> None:
    (first,) = add(store, "I like quicksort")
    (second,) = add(store, "I like heapsort")
    store.edit_message(first, "I like mergesort")
    assert found(store, "quicksort") == []
    assert found(store, "mergesort") == [first]
    store.delete_session(store.get_message(second).session_id)
    assert found(store, "heapsort") == []
    assert found(store, "like") == [first]
    assert index_is_consistent(store)


def test_hits_carry_session_role_time_and_a_marked_snippet(store: Store) -> None:
    sid = store.create_session("p", "e", "m", title="Two sum 연습").id
    store.add_message(sid, "user", "start")
    long_text = "앞부분 " * 60 + "여기서\n해시맵을\t쓰면\x1b[31m 어떨까요?" + " 뒷부분" * 60
    reply = store.add_message(sid, "assistant", long_text)
    (hit,) = store.search("해시맵")
    assert (hit.session_id, hit.session_title, hit.message_id, hit.role) == (
        sid, "Two sum 연습", reply.id, "assistant",
    )  # fmt: skip
    assert hit.created_at == reply.created_at
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "여기서 해시맵을 쓰면 [31m 어떨까요?" in hit.snippet  # one line, controls flattened
    assert "\n" not in hit.snippet and "\x1b" not in hit.snippet
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["해시맵"]
    assert len(hit.snippet) <= 122


def test_every_match_in_the_snippet_is_marked(store: Store) -> None:
    add(store, "Recursion: a recursive function calls itself. RECURSION again.")
    (hit,) = store.search("recurs")
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["Recurs", "recurs", "RECURS"]


def test_results_are_newest_first_and_limited(store: Store) -> None:
    ids = add(store, *[f"loop number {i}" for i in range(30)])
    assert [h.message_id for h in store.search("loop", limit=5)] == ids[::-1][:5]


ALPHABET = st.sampled_from(list('가나다라정렬배열재귀abcABC \n."*()-:^'))
TEXTS = st.lists(st.text(ALPHABET, min_size=0, max_size=12), min_size=1, max_size=12)
PICK = st.tuples(st.integers(0, 11), st.integers(0, 12), st.integers(1, 4))  # text, start, length


@pytest.mark.parametrize("mode", ["expand", "check", "probe"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=TEXTS, picks=st.lists(PICK, min_size=1, max_size=3))
def test_search_finds_exactly_the_messages_containing_every_term(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, texts: list[str], picks: list
) -> None:
    if mode == "expand":  # every short term through the trigram vocabulary
        monkeypatch.setattr(search, "COMMON_SHARE", 2.0)
    elif mode == "check":  # every short term tested on rows
        monkeypatch.setattr(search, "COMMON_SHARE", -1.0)
    path = tmp_path / f"prop-{mode}.sqlite3"
    path.unlink(missing_ok=True)
    with Store.open(path) as store:
        sid = store.create_session("p", "e", "m").id
        ids = [store.add_message(sid, "user", text).id for text in texts]
        query = " ".join(texts[i % len(texts)][a : a + n] for i, a, n in picks)
        terms = query.split()
        expected = [
            mid for mid, text in zip(ids, texts, strict=True)
            if terms and all(t.lower() in text.lower() for t in terms)
        ][::-1]  # fmt: skip
        assert found(store, query) == expected
