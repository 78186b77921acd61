"""Each language's commands: where the source goes, how it is compiled, how it is run (on its
own for stdio tests, under the harness for function tests)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tutor.core.practice.runner.harness_code import LOADER
from tutor.core.practice.runner.model import Limits

JVM_OPTIONS = [
    "-XX:+UseSerialGC",  # one collector thread
    "-XX:-UsePerfData",  # no /tmp/hsperfdata_* files left behind
    "-XX:CompressedClassSpaceSize=64m",
    "-XX:ReservedCodeCacheSize=64m",
]
# Go without modules, the network or C: only the standard library can be imported, and
# nothing but the compiler runs while building (no cgo, no module downloads, no go.env file).
GO_ENV = {
    "GO111MODULE": "off",
    "GOPROXY": "off",
    "GOTOOLCHAIN": "local",
    "GOENV": "off",
    "GOFLAGS": "",
    "CGO_ENABLED": "0",
}


@dataclass(frozen=True)
class Build:
    """How a compiled language turns ``source`` into what ``outputs`` names (in ``work``)."""

    argv: list[str]
    outputs: list[str]
    env: dict[str, str]


def source_name(language: str, source: str) -> str:
    """The file name the source is saved under (Java's must match its public class)."""
    if language == "java":
        return java_class(source)[0] + ".java"
    extension = {"python": "py", "javascript": "js", "cpp": "cpp", "rust": "rs", "go": "go"}
    return "solution." + extension[language]


def _without_comments(source: str) -> str:
    source = re.sub(r"/\*.*?\*/", " ", source, flags=re.S)
    source = re.sub(r"//[^\n]*", " ", source)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', source)


def java_class(source: str) -> tuple[str, str]:
    """The class to run (the public one, else the one with ``main``) and its full name."""
    code = _without_comments(source)
    package = re.search(r"^\s*package\s+([\w.]+)\s*;", code, re.M)
    public = re.search(r"\bpublic\s+(?:(?:final|abstract|strictfp)\s+)*class\s+(\w+)", code)
    name = public.group(1) if public else None
    if name is None:
        main_at = code.find("static void main")
        classes = [(m.start(), m.group(1)) for m in re.finditer(r"\bclass\s+(\w+)", code)]
        before = [n for at, n in classes if main_at < 0 or at < main_at]
        name = before[-1] if before else "Main"
    return name, f"{package.group(1)}.{name}" if package else name


def build(language: str, compiler: str, source_path: str, work: str) -> Build:
    """The compile step of a compiled language, run in the working folder ``work`` (an
    absolute path; what the compiler keeps between its steps goes there and is removed with
    it)."""
    if language == "cpp":
        argv = [compiler, "-O2", "-std=gnu++17", "-pipe", "-o", "solution", source_path]
        return Build(argv, ["solution"], {})
    if language == "rust":
        argv = [compiler, "-O", "--edition", "2021", "--color", "never", "--crate-name"]
        return Build([*argv, "solution", "-o", "solution", source_path], ["solution"], {})
    if language == "java":
        options = ["-J-Xmx512m", *[f"-J{o}" for o in JVM_OPTIONS], "-J-XX:MaxMetaspaceSize=256m"]
        argv = [compiler, *options, "-encoding", "UTF-8", "-d", "classes", source_path]
        return Build(argv, ["classes"], {})
    if language == "go":
        # go wants absolute folders for its build cache and GOPATH, and writable ones: the
        # run's user owns ``work``, its HOME (Go ≤ 1.19 ships the standard library compiled
        # in GOROOT/pkg, so an empty cache costs little)
        env = GO_ENV | {"GOCACHE": f"{work}/go-cache", "GOPATH": f"{work}/go-path"}
        return Build([compiler, "build", "-o", "solution", source_path], ["solution"], env)
    raise ValueError(f"{language} is not compiled")


def run_argv(
    language: str, program: str | None, program_folder: str, source: str, limits: Limits
) -> list[str]:
    """How a stdio program is started (``program`` is the interpreter or the JVM)."""
    path = f"{program_folder}/{source_name(language, source)}"
    if language == "python":
        assert program is not None
        return [program, "-I", "-B", path]
    if language == "javascript":
        assert program is not None
        return [program, f"--max-old-space-size={limits.memory_mib}", path]
    if language == "java":
        assert program is not None
        memory = [f"-Xmx{limits.memory_mib}m", "-Xss64m"]
        return [
            program,
            *memory,
            *JVM_OPTIONS,
            "-cp",
            f"{program_folder}/classes",
            java_class(source)[1],
        ]
    return [f"{program_folder}/solution"]


def harness_argv(
    language: str,
    program: str,
    harness: str,
    solution: str,
    fds: tuple[int, int | None],
    entry: str,
    first: int,
    limits: Limits,
) -> Callable[[int, int], list[str]]:
    """How the function-kind harness is started, from case ``first`` on: Python gets the
    harness's text (``-c``) or, with ``fds`` = (job, compiled code), a loader of its bytecode;
    node gets its file. The channel and ack pipes are numbered later."""
    job_fd, code_fd = fds

    def argv(channel: int, ack: int) -> list[str]:
        tail = [str(channel), str(ack), str(job_fd), solution, entry, str(first)]
        if language == "python" and code_fd is not None:
            return [program, "-I", "-B", "-c", LOADER, str(code_fd), *tail]
        if language == "python":
            return [program, "-I", "-B", "-c", harness, *tail]
        return [program, f"--max-old-space-size={limits.memory_mib}", harness, *tail]

    return argv


def run_env(language: str, limits: Limits) -> dict[str, str]:
    if language == "java":
        return {"MALLOC_ARENA_MAX": "2"}  # each thread's malloc arena reserves 64 MiB
    if language == "go":
        return {"GOMEMLIMIT": f"{limits.memory_mib}MiB", "GOTRACEBACK": "single"}
    return {}
