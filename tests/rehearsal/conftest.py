"""Fixtures for rehearsal tests: the tutor's scripted server, a second one as the judge, the CLI."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.scripted_server import ScriptedServer
from tutor.cli.main import run


@pytest.fixture
def judge() -> Iterator[ScriptedServer]:
    """A second scripted server: the rubric judge and the simulated students' model."""
    with ScriptedServer(models=["judge-model"], default_reply=None) as running:
        yield running


@pytest.fixture
def config(isolated_home: Path, server: ScriptedServer, judge: ScriptedServer) -> Path:
    """A config with the tutor's endpoint ``local`` (the default) and ``judge``."""
    path = isolated_home / "config" / "config.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            default_endpoint: local
            endpoints:
              local:
                base_url: {server.base_url}
                model: scripted-model
                stall_timeout: 2
                timeout: 5
              judge:
                base_url: {judge.base_url}
                model: judge-model
                stall_timeout: 2
                timeout: 5
            """
        )
    )
    return path


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


class Cli:
    """`tutor ...` in this process, with what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        code = run(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *argv: str) -> tuple[int, Any]:
        code, out, err = self(*argv, "--json")
        assert out.strip(), f"no JSON printed (exit {code}): {err}"
        return code, json.loads(out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)
