"""What the student's child process is given: an environment without the student's keys or
config, a file-size and an open-file limit (each proved in the child before it is run into),
and, for function tests, one interpreter for every case of a run."""

from __future__ import annotations

import json
import os

import pytest

from tutor.core.practice.runner import (
    Compare,
    FunctionCase,
    Limits,
    StdioCase,
    Verdict,
    languages,
    rlimits,
    run_function,
    run_stdio,
)

SECRETS = {
    "OPENAI_API_KEY": "sk-test-secret-1d9c",
    "OPENROUTER_API_KEY": "sk-or-secret-77ab",
    "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
    "TUTOR_CONFIG": "/home/student/.config/tutor/config.yaml",
    "TUTOR_DATA_DIR": "/home/student/.local/share/tutor-secret",
    "TUTOR_MODEL": "secret-model",
}
SMALL_FILE = 1 << 20  # the file-size limit in these tests (the real one is 64 MiB)
FEW_FILES = 32  # the open-file limit in these tests (the real one is 256)
needs_cpp = pytest.mark.skipif(
    not languages()["cpp"].available, reason=str(languages()["cpp"].missing)
)

PROBE = r"""
import os, resource

CALLS = []

def f(kind):
    if kind == "environ":
        return dict(os.environ)
    if kind == "limits":
        return [resource.getrlimit(resource.RLIMIT_FSIZE)[0],
                resource.getrlimit(resource.RLIMIT_NOFILE)[0]]
    if kind == "big-file-caught":
        try:
            with open("big.bin", "wb") as out:
                out.write(b"x" * (2 << 20))
        except OSError as err:
            return [err.errno, os.path.getsize("big.bin")]
        return "written whole"
    if kind == "big-file":
        with open("big.bin", "wb") as out:
            out.write(b"x" * (2 << 20))
        return "written whole"
    if kind == "many-files-counted":
        kept = []
        try:
            while len(kept) < 1000:
                kept.append(open("f%d" % len(kept), "w"))
        except OSError as err:
            return [err.errno, len(kept)]
        return len(kept)
    if kind == "many-files":
        kept = [open("f%d" % i, "w") for i in range(1000)]
        return len(kept)
    CALLS.append(kind)
    return [os.getpid(), len(CALLS)]
"""


def probe(kinds: list[str]) -> list:
    cases = [FunctionCase(kind, [kind], None) for kind in kinds]
    return run_function(PROBE, "python", "f", cases, Limits(time_limit=1), Compare()).results


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lower the file-size and open-file limits, so going over them stays cheap."""
    monkeypatch.setattr(rlimits, "FILE_BYTES", SMALL_FILE)
    monkeypatch.setattr(rlimits, "OPEN_FILES", FEW_FILES)


def test_the_childs_environment_holds_no_key_and_no_config(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    [function_seen] = probe(["environ"])
    program = "import json, os, sys\nsys.stdout.write(json.dumps(dict(os.environ)))\n"
    [stdio_seen] = run_stdio(
        program, "python", [StdioCase("environ", b"", b"")], Limits(time_limit=1), Compare()
    ).results
    assert stdio_seen.got is not None and function_seen.got is not None
    for seen in (eval(function_seen.got), json.loads(stdio_seen.got)):
        assert set(seen) & set(SECRETS) == set()
        assert not [name for name in seen if "KEY" in name or name.startswith("TUTOR_")]
        said = json.dumps(seen)
        assert not [value for value in SECRETS.values() if value in said]
        assert seen["HOME"] != os.environ.get("HOME")  # not the student's home (its config)
        assert "PATH" in seen  # the child does get an environment: the test can fail


def test_a_file_over_the_size_limit_fails_cleanly_and_says_the_limit(small_limits: None) -> None:
    limits, caught, big, after = probe(["limits", "big-file-caught", "big-file", "after"])
    assert limits.got == f"[{SMALL_FILE}, {FEW_FILES}]"  # the limit holds in the child
    assert caught.got == f"[27, {SMALL_FILE}]"  # EFBIG, and not one byte over the limit
    assert big.verdict is Verdict.RUNTIME_ERROR
    assert big.message == (
        "OSError: [Errno 27] File too large — a file written here may hold at most 1 MiB"
    )
    assert big.line is not None  # the student's line that wrote it
    assert after.verdict is Verdict.WRONG_ANSWER and after.got is not None  # the run went on


def test_too_many_open_files_fail_cleanly_and_say_the_limit(small_limits: None) -> None:
    limits, counted, many, after = probe(["limits", "many-files-counted", "many-files", "after"])
    assert limits.got == f"[{SMALL_FILE}, {FEW_FILES}]"
    errno, opened = json.loads(str(counted.got))
    assert errno == 24 and 0 < opened < FEW_FILES  # EMFILE, below the limit (stdin… are open)
    assert many.verdict is Verdict.RUNTIME_ERROR
    assert many.message is not None and many.message.startswith(
        "OSError: [Errno 24] Too many open files"
    )
    assert many.message.endswith(f"— at most {FEW_FILES} files may be open at once")
    assert after.verdict is Verdict.WRONG_ANSWER and after.got is not None


@needs_cpp
def test_a_compiled_program_over_the_size_limit_is_said_as_that(small_limits: None) -> None:
    source = (
        "#include <cstdio>\n#include <vector>\nint main() {\n"
        '  std::FILE* out = std::fopen("big.bin", "wb");\n'
        "  std::vector<char> chunk(2 << 20, 'x');\n"
        "  std::fwrite(chunk.data(), 1, chunk.size(), out);\n"
        '  std::fclose(out);\n  std::puts("written whole");\n}\n'
    )
    [result] = run_stdio(
        source, "cpp", [StdioCase("big", b"", b"0\n")], Limits(time_limit=1), Compare()
    ).results
    assert result.verdict is Verdict.RUNTIME_ERROR
    assert result.message == "crashed (SIGXFSZ: wrote a file larger than the limit (1 MiB))"


def test_every_function_case_of_a_run_shares_one_interpreter() -> None:
    results = probe(["first", "second", "third", "fourth"])
    seen = [json.loads(str(r.got)) for r in results]
    pids = {pid for pid, _ in seen}
    assert len(pids) == 1 and os.getpid() not in pids  # one child, not this process
    assert [calls for _, calls in seen] == [1, 2, 3, 4]  # its module state lives on: one start
