"""Broken persona and config files (tests/corpus): each problem at file:line:col with a fix.

Every file in ``tests/corpus/personas`` and ``tests/corpus/config`` is declared in the folder's
``expected.yaml`` with the exact problems tutor must report. A persona file is checked by
loading the library, then through the CLI with the file in the user's personas folder: the CLI
still starts, lists the built-ins, warns in one line, validates with exit 1, and answers with
the built-in socratic persona. A config file is checked by ``load_config``, ``tutor ask``
(exit 2, one line) and ``tutor doctor`` (one failed check). A 10 MB file of each kind is
written at test time instead of being kept in the repository.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.scripted_server import Reply, ScriptedServer
from tutor.cli.main import run
from tutor.core.config.file import load_config
from tutor.core.errors import ConfigError
from tutor.core.personas import PersonaLibrary

CORPUS = Path(__file__).resolve().parent / "corpus"
PERSONAS = CORPUS / "personas"
CONFIGS = CORPUS / "config"
BUILTINS = ["socratic", "algorithm-coach", "explainer"]

BIG = "ten-megabytes.yaml"  # written at test time: 10,000,011 bytes
BIG_PROBLEM = "1:1: file is too large (10.0 MB); keep it under 1 MB"

PERSONA_CASES: dict[str, dict] = yaml.safe_load((PERSONAS / "expected.yaml").read_text("utf-8"))
PERSONA_CASES[BIG] = {"problems": [BIG_PROBLEM]}
CONFIG_CASES: dict[str, list[str]] = yaml.safe_load((CONFIGS / "expected.yaml").read_text("utf-8"))
CONFIG_CASES[BIG] = [BIG_PROBLEM]

# "What went wrong — what to do", "...; what to do", or "'key' must be ...".
SAYS_WHAT_TO_DO = re.compile(r" — \S|; \S|\bmust\b")
POSITION = re.compile(r"^(\d+):(\d+): ")


def write_big(path: Path) -> None:
    path.write_bytes(b"system: '" + b"x" * 10_000_000 + b"'\n")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_wording(problem: str) -> None:
    """A problem as declared: positioned (line and column ≥ 1), one line, says what to do."""
    found = POSITION.match(problem)
    assert found and int(found[1]) >= 1 and int(found[2]) >= 1, problem
    assert "\n" not in problem and "Traceback" not in problem
    assert SAYS_WHAT_TO_DO.search(problem), f"no fix in: {problem}"


def test_the_corpus_is_complete() -> None:
    """Every file has its declared problems and every declaration has its file."""
    persona_files = {p.name for p in PERSONAS.iterdir() if p.is_file()} - {"expected.yaml"}
    config_files = {p.name for p in CONFIGS.iterdir() if p.is_file()} - {"expected.yaml"}
    assert persona_files == set(PERSONA_CASES) - {BIG}
    assert config_files == set(CONFIG_CASES) - {BIG}
    assert len(PERSONA_CASES) >= 40 and len(CONFIG_CASES) >= 15
    for case in PERSONA_CASES.values():
        assert case["problems"], "a persona case with no problem is not a broken file"
        for partner in case.get("with", []):
            assert (PERSONAS / partner).is_file(), partner


# --- personas --------------------------------------------------------------------------------


def place_persona(name: str, folder: Path) -> list[str]:
    """Put the case's file (and the files it goes with) into ``folder``; return their names."""
    folder.mkdir(parents=True, exist_ok=True)
    if name == BIG:
        write_big(folder / BIG)
        return [BIG]
    names = [name, *PERSONA_CASES[name].get("with", [])]
    for each in names:
        shutil.copyfile(PERSONAS / each, folder / Path(each).name)
    return [Path(each).name for each in names]


def declared(name: str) -> list[str]:
    problems: list[str] = PERSONA_CASES[name]["problems"]
    return problems


def user_folder(home: Path) -> Path:
    return home / "config" / "personas"


def write_config(home: Path, server: ScriptedServer) -> None:
    (home / "config" / "config.yaml").write_text(
        "default_endpoint: local\nendpoints:\n  local:\n"
        f"    base_url: {server.base_url}\n    model: scripted-model\n    timeout: 5\n"
    )


@pytest.mark.parametrize("name", sorted(PERSONA_CASES))
def test_a_broken_persona_is_named_at_its_position_with_a_fix(
    name: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_folder(isolated_home)
    place_persona(name, folder)
    for problem in declared(name):
        check_wording(problem)
    library = PersonaLibrary.load()
    path = str(folder / name)
    got = [str(p).replace(f"{folder}/", "") for p in library.problems if p.path == path]
    assert got == [f"{name}:{p}" for p in declared(name)]
    assert set(BUILTINS) <= set(library.personas)

    code, out, err = cli(capsys, "personas", "validate", path)
    assert (code, err) == (2, "")
    assert out.replace(f"{folder}/", "").splitlines() == [f"{name}:{p}" for p in declared(name)]


@pytest.mark.parametrize("name", sorted(PERSONA_CASES))
def test_the_cli_starts_and_answers_beside_a_broken_persona(
    name: str,
    isolated_home: Path,
    server: ScriptedServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = user_folder(isolated_home)
    placed = place_persona(name, folder)
    broken = [n for n in placed if n == name or n in PERSONA_CASES]
    problems = declared(name)
    more = f" (and {len(problems) - 1} more: tutor personas validate {name})"
    warning = f"tutor: warning: skipped a broken persona: {name}:{problems[0]}" + (
        more if len(problems) > 1 else ""
    )

    code, out, err = cli(capsys, "personas", "list")
    assert code == 0
    listed = [row.split()[0] for row in out.splitlines()[1:]]
    assert listed[:1] == ["socratic"] and set(BUILTINS) <= set(listed)
    warnings = err.replace(f"{folder}/", "").splitlines()
    assert len(warnings) == len(broken) and warning in warnings
    assert all(w.startswith("tutor: warning: skipped a broken persona: ") for w in warnings)

    write_config(isolated_home, server)
    server.script(Reply(text="What have you tried so far?"))
    code, out, err = cli(capsys, "ask", "--persona", "socratic", "How do I sort a list?")
    assert (code, out) == (0, "What have you tried so far?\n")
    assert err.replace(f"{folder}/", "").splitlines() == warnings
    [sent] = server.chat_requests()
    assert sent["messages"][0]["role"] == "system"
    assert "Socratic way" in sent["messages"][0]["content"]  # the built-in, even if overridden
    asked = [m["content"] for m in sent["messages"] if m["role"] == "user"]
    assert asked[-1] == "How do I sort a list?"


# --- config ----------------------------------------------------------------------------------


def place_config(name: str, home: Path) -> Path:
    path = home / "config" / "config.yaml"
    if name == BIG:
        write_big(path)
    else:
        shutil.copyfile(CONFIGS / name, path)
    return path


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_a_broken_config_is_named_at_its_position_with_a_fix(
    name: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = place_config(name, isolated_home)
    expected = CONFIG_CASES[name]
    for problem in expected:
        check_wording(problem)
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert [str(p) for p in caught.value.problems] == [f"{path}:{p}" for p in expected]

    code, out, err = cli(capsys, "ask", "How do I sort a list?")
    more = f" (and {len(expected) - 1} more)" if len(expected) > 1 else ""
    assert (code, out, err) == (2, "", f"tutor: {path}:{expected[0]}{more}\n")

    code, out, err = cli(capsys, "doctor")
    assert (code, err) == (1, "")
    assert out.splitlines() == [f"FAIL  config     {path}:{expected[0]}{more}"]


# --- a 1 MB paste ----------------------------------------------------------------------------

PASTE_CODE = '''def merge_sort(items):
    """정렬된 리스트를 돌려준다."""
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left, right = merge_sort(items[:mid]), merge_sort(items[mid:])
    out = []
    while left and right:
        out.append((left if left[0] <= right[0] else right).pop(0))
    return out + left + right
'''
PASTE_PROSE = (
    "이 코드가 왜 느린지 모르겠어요. 리스트의 앞에서 pop(0)을 하면 시간이 오래 걸리나요? "
    "시간 복잡도를 같이 생각해 주세요.\n"
)
REFUSAL = re.compile(
    r"^tutor: your message needs ~([\d,]+) tokens, .* the ([\d,]+) tokens available "
    r"\(window ([\d,]+) − reply reserve ([\d,]+) − margin (\d+)\) — .*\n$"
)


def one_megabyte_paste() -> str:
    """Mixed Python and Korean, 1,000,000 bytes of UTF-8 (cut on a character boundary)."""
    block = (PASTE_CODE + PASTE_PROSE).encode()
    raw = block * (1_000_000 // len(block) + 1)
    return raw[:1_000_000].decode(errors="ignore")


def paste(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_a_1mb_paste_too_big_for_the_window_is_refused_before_sending(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.core.tokens.counter import TiktokenCounter

    text = one_megabyte_paste()
    # LM Studio reports its window (32,768 here) and has no tokenizer route: tiktoken counts.
    with ScriptedServer(flavour="lmstudio", window=32_768) as server:
        (isolated_home / "config" / "config.yaml").write_text(
            f"endpoints:\n  local:\n    base_url: {server.base_url}\n    model: scripted-model\n"
        )
        paste(monkeypatch, text)
        code, out, err = cli(capsys, "ask", "-")
        assert server.chat_requests() == []  # refused before sending
    assert (code, out) == (2, "")
    numbers = REFUSAL.match(err)
    assert numbers, err
    needed, available, window, reserve, margin = (int(n.replace(",", "")) for n in numbers.groups())
    assert (window, reserve) == (32_768, 800)  # socratic keeps 800 tokens for the reply
    assert available == window - reserve - margin
    (counted,) = TiktokenCounter("scripted-model").count_texts_sync([text])
    assert needed == counted + 4  # the message's tokens plus its framing
    code, out, _ = cli(capsys, "sessions", "show", "1", "--json")
    [stored] = json.loads(out)["messages"]  # the message is kept; no reply was begun
    assert stored["role"] == "user" and stored["content"] == text


def test_a_1mb_paste_that_fits_is_sent_whole_and_answered(
    isolated_home: Path,
    server: ScriptedServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = one_megabyte_paste()
    (isolated_home / "config" / "config.yaml").write_text(
        f"endpoints:\n  local:\n    base_url: {server.base_url}\n    model: scripted-model\n"
        "    context_window: 2000000\n"
    )
    server.script(Reply(text="Which line runs most often when the list is long?", chunk_size=5))
    paste(monkeypatch, text)
    code, out, err = cli(capsys, "ask", "-")
    assert (code, out, err) == (0, "Which line runs most often when the list is long?\n", "")
    [sent] = server.chat_requests()
    asked = [m["content"] for m in sent["messages"] if m["role"] == "user"]
    assert asked[-1] == text  # whole, not trimmed
    code, out, _ = cli(capsys, "sessions", "show", "1", "--json")
    student, reply = json.loads(out)["messages"]
    assert student["content"] == text and reply["status"] == "complete"
