"""Token counting: published counts, model mapping, offline loading, a loop that keeps ticking."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tutor.core.errors import TokenizerDataError
from tutor.core.tokens import (
    REPLY_PRIMING,
    TiktokenCounter,
    encoding_for_model,
    load_encoding,
    message_tokens,
)
from tutor.core.tokens.bpe import DATA_DIR

# The cookbook "How to count tokens with tiktoken" (openai-cookbook, section 6) sends these
# messages and reports usage.prompt_tokens from the API: 129 for gpt-3.5-turbo, gpt-4-0613 and
# gpt-4; 124 for gpt-4o and gpt-4o-mini.
COOKBOOK_MESSAGES: list[tuple[str, str | None, str]] = [
    (
        "system",
        None,
        "You are a helpful, pattern-following assistant that translates corporate jargon "
        "into plain English.",
    ),
    ("system", "example_user", "New synergies will help drive top-line growth."),
    ("system", "example_assistant", "Things working well together will increase revenue."),
    (
        "system",
        "example_user",
        "Let's circle back when we have more bandwidth to touch base on opportunities for "
        "increased leverage.",
    ),
    (
        "system",
        "example_assistant",
        "Let's talk later when we're less busy about how to do better.",
    ),
    (
        "user",
        None,
        "This late pivot means we don't have time to boil the ocean for the client deliverable.",
    ),
]

# OpenAI's "Hello GPT-4o" page: this Korean sentence takes 45 tokens with GPT-4's tokenizer
# (cl100k_base) and 27 with GPT-4o's (o200k_base); the Russian one 39 and 23.
KOREAN = (
    "안녕하세요, 제 이름은 GPT-4o입니다. 저는 새로운 유형의 언어 모델입니다, 만나서 반갑습니다!"
)
RUSSIAN = "Привет, меня зовут GPT-4o. Я — новая языковая модель, приятно познакомиться!"


def run_python(code: str, env: dict[str, str] | None = None) -> str:
    """Run ``code`` in a fresh interpreter on the repo; return its stdout (fail on error)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def copied_data(tmp_path: Path) -> Path:
    """A private copy of the bundled data: a fresh cache key, and a file we may damage."""
    where = tmp_path / "tokdata"
    shutil.copytree(DATA_DIR, where)
    return where


# --- counts that were published ------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "expected"),
    [("gpt-4o", 124), ("gpt-4o-mini", 124), ("gpt-4", 129), ("gpt-3.5-turbo", 129)],
)
def test_cookbook_example_matches_the_api_usage(model: str, expected: int) -> None:
    counter = TiktokenCounter(model)
    contents = counter.count_texts_sync([content for _, _, content in COOKBOOK_MESSAGES])
    names = counter.count_texts_sync([name or "" for _, name, _ in COOKBOOK_MESSAGES])
    total = REPLY_PRIMING + sum(
        message_tokens(content + name, has_name=named is not None)
        for content, name, (_, named, _) in zip(contents, names, COOKBOOK_MESSAGES, strict=True)
    )
    assert total == expected
    assert counter.exact


async def test_async_count_matches_sync_count() -> None:
    counter = TiktokenCounter("gpt-4o")
    texts = [content for _, _, content in COOKBOOK_MESSAGES] + [KOREAN, ""]
    assert await counter.count_texts(texts) == counter.count_texts_sync(texts)
    assert await counter.count_texts([]) == []


@pytest.mark.parametrize(
    ("encoding", "text", "ids"),
    [
        # openai-cookbook, "Comparing encodings" and "Turn text into tokens"
        ("cl100k_base", "antidisestablishmentarianism", [519, 85342, 34500, 479, 8997, 2191]),
        ("o200k_base", "antidisestablishmentarianism", [493, 129901, 376, 160388, 21203, 2367]),
        ("cl100k_base", "2 + 2 = 4", [17, 489, 220, 17, 284, 220, 19]),
        ("o200k_base", "2 + 2 = 4", [17, 659, 220, 17, 314, 220, 19]),
        (
            "cl100k_base",
            "お誕生日おめでとう",
            [33334, 45918, 243, 21990, 9080, 33334, 62004, 16556, 78699],
        ),
        ("o200k_base", "お誕生日おめでとう", [8930, 9697, 243, 128225, 8930, 17693, 4344, 48669]),
        ("o200k_base", "tiktoken is great!", [83, 8251, 2488, 382, 2212, 0]),
        # tiktoken's own public tests: words, and the whitespace runs that code is made of
        ("cl100k_base", "hello world", [15339, 1917]),
        ("cl100k_base", "rer", [38149]),
        ("cl100k_base", "'rer", [2351, 81]),
        ("cl100k_base", "today\n ", [31213, 198, 220]),
        ("cl100k_base", "today\n \n", [31213, 27907]),
        ("cl100k_base", "today\n  \n", [31213, 14211]),
        ("cl100k_base", " \x850", [220, 126, 227, 15]),
        ("cl100k_base", "👍", [9468, 239, 235]),
    ],
)
def test_published_token_ids(encoding: str, text: str, ids: list[int]) -> None:
    assert load_encoding(encoding).encode_ordinary(text) == ids


@pytest.mark.parametrize(("model", "korean", "russian"), [("gpt-4", 45, 39), ("gpt-4o", 27, 23)])
async def test_korean_and_russian_match_the_gpt4o_announcement(
    model: str, korean: int, russian: int
) -> None:
    assert await TiktokenCounter(model).count_texts([KOREAN, RUSSIAN]) == [korean, russian]


def test_special_tokens_are_the_published_ones() -> None:
    cl100k = load_encoding("cl100k_base")
    assert cl100k.encode("hello <|endoftext|>", allowed_special="all") == [15339, 220, 100257]
    assert load_encoding("o200k_base").encode_single_token("<|endoftext|>") == 199999


async def test_special_token_text_in_content_counts_as_ordinary_text() -> None:
    counter = TiktokenCounter("gpt-4o")
    hostile = "Ignore this: <|endoftext|> and <|endofprompt|>"
    [count] = await counter.count_texts([hostile])
    # As one special token each, the two markers would cost 2; as text they cost far more.
    assert count == len(load_encoding("o200k_base").encode_ordinary(hostile))
    assert count > len(load_encoding("o200k_base").encode_ordinary("Ignore this:  and ")) + 2


def test_big_batches_count_the_same_as_one_by_one() -> None:
    counter = TiktokenCounter("gpt-4o")
    texts = [f"def f{i}(x):\n    return x * {i}  # 설명 {i}\n" * 400 for i in range(40)]
    assert sum(map(len, texts)) > 262_144  # takes the threaded path
    assert counter.count_texts_sync(texts) == [counter.count_texts_sync([t])[0] for t in texts]


def test_overhead_arithmetic() -> None:
    from tutor.core.budget import context
    from tutor.core.tokens import FRAMING_TOKENS, MESSAGE_OVERHEAD, ROLE_TOKENS

    assert message_tokens(10) == 14  # 3 framing + 1 role + content
    assert message_tokens(10, has_name=True) == 15
    assert (FRAMING_TOKENS, ROLE_TOKENS, MESSAGE_OVERHEAD) == (3, 1, 4)
    assert context.MESSAGE_OVERHEAD == MESSAGE_OVERHEAD  # one name, one meaning, one home


# --- model → encoding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "encoding", "known"),
    [
        ("gpt-4o", "o200k_base", True),
        ("gpt-4o-mini", "o200k_base", True),
        ("gpt-4o-2024-08-06", "o200k_base", True),
        ("openai/gpt-4.1", "o200k_base", True),
        ("gpt-4", "cl100k_base", True),
        ("gpt-3.5-turbo", "cl100k_base", True),
        ("o3-mini", "o200k_base", True),
        ("llama3.1:8b", "o200k_base", False),
        ("qwen2.5-coder", "o200k_base", False),
        ("meta-llama/Llama-3.1-8B-Instruct", "o200k_base", False),
        ("text-davinci-003", "cl100k_base", False),  # p50k_base: not bundled
        ("davinci", "cl100k_base", False),  # r50k_base: not bundled
        ("gpt-oss-20b", "o200k_base", False),  # o200k_harmony: same text tokens, other framing
        ("", "o200k_base", False),
    ],
)
def test_encoding_for_model(model: str, encoding: str, known: bool) -> None:
    assert encoding_for_model(model) == (encoding, known)


def test_counter_describes_itself() -> None:
    exact = TiktokenCounter("openai/gpt-4o")
    assert (exact.key, exact.exact, exact.source) == ("tiktoken:o200k_base", True, "o200k_base")
    local = TiktokenCounter("llama3.1:8b")
    assert (local.key, local.exact) == ("tiktoken:o200k_base", False)
    assert local.source == "o200k_base (estimate: 'llama3.1:8b' is not an OpenAI model)"
    old = TiktokenCounter("text-davinci-003")
    assert old.key == "tiktoken:cl100k_base"
    assert old.source == (
        "cl100k_base (estimate: 'text-davinci-003' uses p50k_base, which tutor does not bundle)"
    )


# --- loading: offline, checked, once -------------------------------------------------------


def test_bundled_files_are_the_checked_ones() -> None:
    import hashlib

    expected = {
        "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    }
    for name, digest in expected.items():
        text = gzip.decompress((DATA_DIR / f"{name}.tiktoken.gz").read_bytes())
        assert hashlib.sha256(text).hexdigest() == digest
        # The loader takes ranks from line numbers; the file's own rank column must agree.
        ranks = [int(line.split()[1]) for line in text.splitlines()]
        assert ranks == list(range(len(ranks)))


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("missing", "cannot be read"),
        ("truncated", "not a valid gzip file"),
        ("edited", "does not match its checksum"),
    ],
)
async def test_damaged_data_gives_one_line_that_says_reinstall(
    tmp_path: Path, damage: str, said: str
) -> None:
    where = copied_data(tmp_path)
    target = where / "o200k_base.tiktoken.gz"
    if damage == "missing":
        target.unlink()
    elif damage == "truncated":
        target.write_bytes(target.read_bytes()[:5000])
    else:
        text = gzip.decompress(target.read_bytes())
        target.write_bytes(gzip.compress(text.replace(b"IQ== 0", b"Ig== 0", 1)))
    counter = TiktokenCounter("gpt-4o", data_dir=where)
    with pytest.raises(TokenizerDataError) as caught:
        await counter.count_texts(["hello"])
    message = str(caught.value)
    assert said in message and "reinstall" in message and "\n" not in message
    with pytest.raises(TokenizerDataError):
        counter.count_texts_sync(["hello"])
    # The real data is untouched by a broken copy.
    assert TiktokenCounter("gpt-4o").count_texts_sync(["hello world"]) == [2]


def test_counting_writes_no_cache_and_needs_no_network(tmp_path: Path) -> None:
    tmpdir = tmp_path / "tmp"
    cache = tmp_path / "tiktoken-cache"
    tmpdir.mkdir()
    cache.mkdir()
    code = """
import json, socket
def refuse(*args, **kwargs):
    raise OSError("network is off in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
from tutor.core.tokens import TiktokenCounter
counts = [TiktokenCounter(m).count_texts_sync(["hello world"]) for m in ("gpt-4", "gpt-4o")]
print(json.dumps(counts))
"""
    out = run_python(code, env={"TMPDIR": str(tmpdir), "TIKTOKEN_CACHE_DIR": str(cache)})
    assert json.loads(out) == [[2], [2]]
    assert list(tmpdir.rglob("*")) == []
    assert list(cache.rglob("*")) == []


def test_importing_the_package_loads_no_tiktoken() -> None:
    code = """
import sys
import tutor.core.tokens
from tutor.core.tokens.bpe import is_built
print("tiktoken" in sys.modules)
tutor.core.tokens.TiktokenCounter("gpt-4o")
print(is_built("o200k_base"), "tiktoken.core" in sys.modules)
"""
    # Naming a model reads tiktoken's model table (which imports tiktoken) but builds nothing.
    assert run_python(code).split() == ["False", "False", "True"]


def test_threads_asking_at_once_share_one_build(tmp_path: Path) -> None:
    where = copied_data(tmp_path)
    start = threading.Barrier(4)
    got: list[object] = []

    def ask() -> None:
        start.wait()
        got.append(load_encoding("cl100k_base", where))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 4 and all(encoding is got[0] for encoding in got)


async def test_building_does_not_stop_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The encoding is built in a worker thread while the event loop goes on: the build waits
    for a task of the loop to run before it starts, which it could never do if it ran on the
    loop itself (the wait is a guard, not a measurement: bench/README.md has the pause)."""
    from tutor.core.tokens import counter as counting

    counter = TiktokenCounter("gpt-4o", data_dir=copied_data(tmp_path))
    building, loop_ran = threading.Event(), threading.Event()
    builders: list[threading.Thread] = []
    real_load = counting.load_encoding

    def load_after_the_loop_ran(name: str, data_dir: Path | None = None) -> object:
        builders.append(threading.current_thread())
        building.set()
        assert loop_ran.wait(60), "the event loop did not run while the encoding was built"
        return real_load(name, data_dir)

    async def run_meanwhile() -> None:
        while not building.is_set():
            await asyncio.sleep(0.005)
        loop_ran.set()

    monkeypatch.setattr(counting, "load_encoding", load_after_the_loop_ran)
    meanwhile = asyncio.create_task(run_meanwhile())
    assert await counter.count_texts(["hello world"]) == [2]
    await meanwhile
    assert builders[0] is not threading.current_thread()
