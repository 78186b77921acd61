"""`tutor personas new`: the scaffold loads and validates as written, costs what `show` says,
never replaces a persona unasked, and `--edit` runs a real editor and checks its result."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from tutor.cli.main import run
from tutor.core.personas import PersonaLibrary, validate_files
from tutor.core.personas.scaffold import PARAM_NOTES, scaffold
from tutor.core.personas.schema import KEYS

BUILTINS = ["socratic", "algorithm-coach", "explainer"]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(isolated_home: Path) -> Path:
    return isolated_home / "config" / "personas"


def editor(tmp_path: Path, body: str) -> str:
    """A real editor for the tests: a Python script that changes the file it is given."""
    script = tmp_path / "edit.py"
    script.write_text("import sys\nfrom pathlib import Path\npath = Path(sys.argv[1])\n" + body)
    return f"{sys.executable} {script}"


def test_the_fresh_scaffold_explains_every_key_and_validates_as_it_is(tmp_path: Path) -> None:
    text = scaffold("graph-tutor")
    for key in KEYS:  # every key of a persona file is there, written or in a comment
        assert f"\n{key}:" in text or f"\n# {key}:" in text, key
    for param in PARAM_NOTES:
        assert f"  {param}: " in text or f"  # {param}: " in text, param
    data = yaml.safe_load(text)
    assert data["name"] == "Graph tutor" and "{{subject}}" in data["system"]
    assert [t["role"] for t in data["examples"]] == ["user", "assistant"]
    path = tmp_path / "graph-tutor.yaml"
    path.write_text(text)
    assert validate_files([path], user_dir=tmp_path / "none") == []


@pytest.mark.parametrize("parent", BUILTINS)
def test_a_child_scaffold_extends_its_parent_and_validates(parent: str, tmp_path: Path) -> None:
    persona = PersonaLibrary.load(user_dir=tmp_path / "none").get(parent)
    text = scaffold("mine", persona)
    data = yaml.safe_load(text)
    assert data["extends"] == parent and "system" not in data and "examples" not in data
    assert data.get("variables", {}) == persona.variables
    for key, value in persona.params.items():  # the parent's settings are shown beside them
        assert f"#   {key}: {json.dumps(value)}    # {parent}'s;" in text
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    assert validate_files([path], user_dir=tmp_path / "none") == []


def test_new_writes_a_persona_that_costs_what_show_says(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "personas", "new", "graph-tutor")
    assert (code, err) == (0, "")
    path = folder / "graph-tutor.yaml"
    assert out.splitlines()[0] == f"wrote {path}"
    assert path.read_text("utf-8") == scaffold("graph-tutor")
    code, shown, _ = cli(capsys, "personas", "show", "graph-tutor", "--json")
    tokens = json.loads(shown)["tokens"]
    assert out.splitlines()[1].startswith(
        f"persona 'graph-tutor' — always sent: {tokens['always_sent']} tokens (system "
        f"{tokens['system']}, 2 examples {tokens['examples']}, reminder {tokens['reminder']})"
    )
    code, shown, _ = cli(capsys, "personas", "show", "graph-tutor")
    assert f"always sent: {tokens['always_sent']} tokens" in shown


def test_new_from_a_parent_inherits_its_system_and_examples(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = cli(capsys, "personas", "new", "night-class", "--from", "socratic")
    assert code == 0
    library = PersonaLibrary.load()
    child, parent = library.get("night-class"), library.get("socratic")
    assert (child.extends, child.system, child.examples) == (
        "socratic",
        parent.system,
        parent.examples,
    )
    assert child.params == parent.params and child.reminder == parent.reminder
    code, _, err = cli(capsys, "personas", "new", "x", "--from", "socratc")
    assert code == 2 and err == (
        "tutor: no persona 'socratc' — did you mean 'socratic'? Available: socratic, "
        "algorithm-coach, explainer, night-class\n"
    )
    assert not (folder / "x.yaml").exists()


def test_an_existing_persona_is_never_replaced_without_force(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(capsys, "personas", "new", "mine")
    path = folder / "mine.yaml"
    path.write_text("name: Mine\nsystem: My own words.\n")
    code, out, err = cli(capsys, "personas", "new", "mine")
    assert (code, out) == (2, "")
    assert (
        err == f"tutor: {path} already exists — add --force to replace it, or choose another id\n"
    )
    assert path.read_text() == "name: Mine\nsystem: My own words.\n"
    code, _, _ = cli(capsys, "personas", "new", "mine", "--force")
    assert code == 0 and path.read_text("utf-8") == scaffold("mine")


def test_a_builtin_is_replaced_only_with_force_and_another_file_of_that_id_never(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "personas", "new", "socratic")
    assert code == 2 and err.startswith("tutor: 'socratic' is a built-in persona;")
    code, _, _ = cli(capsys, "personas", "new", "socratic", "--from", "socratic", "--force")
    assert code == 0 and PersonaLibrary.load().get("socratic").source == str(
        folder / "socratic.yaml"
    )
    (folder / "other.yaml").write_text("id: shared\nname: Other\nsystem: Hi.\n")
    code, _, err = cli(capsys, "personas", "new", "shared", "--force")
    assert code == 2 and err == (
        f"tutor: persona 'shared' is defined in {folder / 'other.yaml'} — edit that file, or"
        " remove it first\n"
    )


def test_a_scaffold_that_would_not_load_writes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Replacing your own persona by a child of itself: it would extend itself."""
    folder.mkdir(parents=True)
    path = folder / "own.yaml"
    path.write_text("name: Own\nsystem: Mine.\n")
    code, out, err = cli(capsys, "personas", "new", "own", "--from", "own", "--force")
    assert (code, out) == (2, "")
    written = scaffold("own", PersonaLibrary.load().get("own"))
    line = written[: written.index("\nextends: own")].count("\n") + 2
    assert err.splitlines() == [
        f"tutor: {path}:{line}:10: 'own' extends itself — remove 'extends' or name another persona",
        "tutor: persona 'own' would not load like this; nothing was written",
    ]
    assert path.read_text() == "name: Own\nsystem: Mine.\n"
    assert [p.name for p in folder.iterdir()] == ["own.yaml"]  # no temporary file left


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ("my/tutor", "'my/tutor' cannot be a persona id"),
        ("../up", "'../up' cannot be a persona id"),
        (".hidden", "'.hidden' cannot be a persona id"),
        ("_under", "'_under' cannot be a persona id"),
        ("x" * 65, f"'{'x' * 65}' cannot be a persona id"),
        ("a b", "'a b' cannot be a persona id"),
        ("tab\there", "'tab\\there' cannot be a persona id"),
        ("tutor.yaml", "give the id without '.yaml': 'tutor' (the file is named after it)"),
    ],
)
def test_a_bad_id_is_one_line_and_writes_nothing(
    bad: str, said: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "personas", "new", bad)
    assert (code, out) == (2, "")
    assert err.startswith(f"tutor: {said}") and err.count("\n") == 1
    assert not folder.exists()


# --- --edit ----------------------------------------------------------------------------------


def test_edit_opens_the_editor_and_checks_what_it_left(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(
        "EDITOR",
        editor(
            tmp_path, "path.write_text(path.read_text().replace('name: Quiz', 'name: Quiz master'))"
        ),
    )
    code, out, err = cli(capsys, "personas", "new", "quiz", "--edit")
    assert (code, err) == (0, "")
    assert PersonaLibrary.load().get("quiz").name == "Quiz master"
    assert out.splitlines()[1].startswith("persona 'quiz' — always sent: ")


def test_visual_is_preferred_to_editor(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(
        "VISUAL", editor(tmp_path, "path.write_text(path.read_text() + '# visual\\n')")
    )
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    code, _, _ = cli(capsys, "personas", "new", "seen", "--edit")
    assert code == 0 and (folder / "seen.yaml").read_text().endswith("# visual\n")


def test_a_broken_edit_is_reported_at_file_line_col_and_the_file_kept(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = (
        "text = path.read_text().replace('reminder:', 'remindr:')\n"
        "path.write_text(text.replace('temperature: 0.5', 'temperature: hot'))\n"
    )
    monkeypatch.setenv("EDITOR", editor(tmp_path, body))
    code, out, err = cli(capsys, "personas", "new", "oops", "--edit")
    path = folder / "oops.yaml"
    text = path.read_text()
    line_of = {word: text[: text.index(word)].count("\n") + 1 for word in ("hot", "remindr")}
    assert code == 2 and out == f"wrote {path}\n"
    assert err.splitlines() == [
        f"tutor: {path}:{line_of['hot']}:16: 'temperature' must be a number between 0 and 2,"
        " got 'hot'",
        f"tutor: {path}:{line_of['remindr']}:1: unknown key 'remindr' — did you mean 'reminder'?",
        f"tutor: the file is kept as it is — fix it, then check it with"
        f" `tutor personas validate {path}`",
    ]


def test_no_editor_is_one_line_and_the_file_is_kept(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    code, out, err = cli(capsys, "personas", "new", "plain", "--edit")
    path = folder / "plain.yaml"
    assert (code, out) == (2, f"wrote {path}\n")
    assert err == (
        "tutor: no editor to open: set $VISUAL or $EDITOR (e.g. EDITOR=nano) — the file is"
        f" kept at {path}\n"
    )
    assert path.read_text("utf-8") == scaffold("plain")


def test_an_editor_that_is_not_there_is_one_line(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-here --wait")
    code, _, err = cli(capsys, "personas", "new", "gone", "--edit")
    path = folder / "gone.yaml"
    assert code == 2 and path.is_file()
    assert err == (
        "tutor: the editor 'no-such-editor-here' (from $EDITOR) was not found — fix $EDITOR;"
        f" the file is kept at {path}\n"
    )


def test_an_editor_that_fails_is_noted_and_the_file_still_checked(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, "sys.exit(3)"))
    code, _, err = cli(capsys, "personas", "new", "quit", "--edit")
    assert code == 0
    assert err == "tutor: note: the editor exited with status 3; checking the file as it is\n"
