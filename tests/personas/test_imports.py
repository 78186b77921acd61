"""`tutor personas import`: real files of each kind (tests/personas/imports), each made into the
persona declared in expected.yaml — or refused in one line, at its position where it has one."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.cli.main import run
from tutor.core.errors import PersonaImportError
from tutor.core.personas import PersonaLibrary
from tutor.core.personas.imports import Imported, persona_yaml, read_foreign
from tutor.core.personas.persona import Example
from tutor.core.personas.placeholders import PLACEHOLDER
from tutor.core.personas.saving import save_persona

FILES = Path(__file__).resolve().parent / "imports"
EXPECTED: dict[str, dict] = yaml.safe_load((FILES / "expected.yaml").read_text("utf-8"))
GOOD = [name for name, case in EXPECTED.items() if "error" not in case]
BROKEN = [name for name, case in EXPECTED.items() if "error" in case]


@pytest.fixture
def in_files(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the fixtures folder, so files are named as a user would type them."""
    monkeypatch.chdir(FILES)
    return FILES


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_fixture_is_declared_and_every_format_has_good_and_broken_files() -> None:
    on_disk = {
        str(p.relative_to(FILES))
        for p in FILES.rglob("*")
        if p.is_file() and p.name not in ("expected.yaml", "README.md", "user.md", "system.md")
    }
    on_disk |= {str(p.parent.relative_to(FILES)) for p in FILES.glob("fabric/*/*.md")}
    assert on_disk == set(EXPECTED)
    for kind in ("llm", "aichat", "modelfile", "fabric", "card"):
        assert sum(n.startswith(kind + "/") for n in GOOD) >= 3, kind
        assert sum(n.startswith(kind + "/") for n in BROKEN) >= 2, kind


@pytest.mark.parametrize("name", GOOD)
def test_each_file_makes_the_declared_persona(name: str, in_files: Path, tmp_path: Path) -> None:
    case = EXPECTED[name]
    made = read_foreign(Path(name))
    assert made.kind == case["format"] and made.suggested_id == case["id"]
    assert made.notes == case.get("notes", [])
    assert [str(item) for item in made.listed()] == case["left_out"]
    user = tmp_path / "personas"
    text = persona_yaml(made)
    path = save_persona(case["id"], text, user_dir=user)
    assert path == user / f"{case['id']}.yaml" and path.read_text("utf-8") == text
    library = PersonaLibrary.load(user_dir=user)
    assert library.problems == []
    persona = library.get(case["id"])
    want = case["persona"]
    got = {
        "name": persona.name,
        "description": persona.description,
        "model": persona.model,
        "params": persona.params,
        "variables": persona.variables,
        "system": persona.system,
        "examples": [[e.role, e.content] for e in persona.examples],
        "reminder": persona.reminder,
        "greeting": persona.greeting,
        "tags": list(persona.tags),
    }
    empty = {"model": None, "params": {}, "variables": {}, "examples": [], "tags": []}
    assert got == {**empty, "reminder": None, "greeting": None, **want}
    if "sent_system" in case:
        assert persona.render().system == case["sent_system"]
    for item in made.left_out:  # what was left out is said in the file too
        assert item.what.split()[0] in text.split("\nname:")[0]


@pytest.mark.parametrize("name", BROKEN)
def test_each_broken_file_is_one_line_naming_it(name: str, in_files: Path) -> None:
    with pytest.raises(PersonaImportError) as caught:
        read_foreign(Path(name))
    assert str(caught.value) == EXPECTED[name]["error"]
    assert "\n" not in str(caught.value)


def test_content_decides_before_the_name(tmp_path: Path) -> None:
    """A Modelfile saved as .md, a card saved as .txt, a role saved as .yaml: told by content."""
    modelfile = tmp_path / "notes.md"
    modelfile.write_text("FROM llama3.2\nSYSTEM You ask questions.\n")
    card = tmp_path / "card.txt"
    card.write_text(
        json.dumps({"spec": "chara_card_v2", "data": {"name": "Ana", "description": "A"}})
    )
    role = tmp_path / "role.yaml"
    role.write_text("---\ntemperature: 0.3\n---\nYou ask questions.\n")
    assert read_foreign(modelfile).kind == "Ollama Modelfile"
    assert read_foreign(card).kind == "character card"
    assert read_foreign(role).kind == "aichat role"


def test_format_flag_settles_what_content_cannot(in_files: Path) -> None:
    assert read_foreign(Path("ambiguous/prompt.txt"), "aichat").kind == "aichat role"
    made = read_foreign(Path("ambiguous/prompt.txt"), "fabric")
    assert made.kind == "fabric pattern" and made.system.startswith("You are a history tutor.")
    assert read_foreign(Path("ambiguous/one-liner"), "aichat").system.startswith("FROM now on")
    with pytest.raises(PersonaImportError) as caught:  # as Ollama reads it: a FROM, no SYSTEM
        read_foreign(Path("ambiguous/one-liner"), "modelfile")
    assert "there is no SYSTEM text" in str(caught.value)
    with pytest.raises(PersonaImportError) as caught:
        read_foreign(Path("fabric/explain_gently"), "card")
    assert (
        str(caught.value) == "fabric/explain_gently: this is a folder; a character card is a file"
    )


# --- the command ----------------------------------------------------------------------------


def test_import_writes_the_persona_and_lists_what_was_left_out(
    in_files: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "personas", "import", "modelfile/tutor.Modelfile")
    assert (code, err) == (0, "")
    target = isolated_home / "config" / "personas" / "tutor.yaml"
    lines = out.splitlines()
    assert (
        lines[0]
        == f"imported the Ollama Modelfile modelfile/tutor.Modelfile as persona 'tutor': {target}"
    )
    assert lines[1].startswith("  always sent: ") and "4 examples" in lines[1]
    assert lines[-4:] == [
        "left out (a persona has no place for them):",
        *(f"  {line}" for line in EXPECTED["modelfile/tutor.Modelfile"]["left_out"]),
    ]
    code, shown, _ = cli(capsys, "personas", "show", "tutor", "--json")
    persona = json.loads(shown)
    assert code == 0 and persona["model"] == "llama3.1:8b" and len(persona["examples"]) == 4
    assert f"always sent: {persona['tokens']['always_sent']} tokens" in lines[1]
    code, out, _ = cli(capsys, "personas", "validate", str(target))
    assert (code, out) == (0, "ok: 1 checked, no problems\n")


def test_an_existing_id_is_kept_without_force_and_replaced_with_it(
    in_files: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = isolated_home / "config" / "personas" / "cs101.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("name: Mine\nsystem: My own words.\n")
    code, out, err = cli(capsys, "personas", "import", "modelfile/tutor.Modelfile", "--id", "cs101")
    assert (code, out) == (2, "")
    assert (
        err == f"tutor: {target} already exists — add --force to replace it, or choose another id\n"
    )
    assert target.read_text() == "name: Mine\nsystem: My own words.\n"
    code, out, _ = cli(
        capsys, "personas", "import", "modelfile/tutor.Modelfile", "--id", "cs101", "--force"
    )
    assert code == 0 and "as persona 'cs101'" in out
    assert "You are the teaching assistant of CS101." in target.read_text()


def test_a_builtin_id_needs_force(
    in_files: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "personas", "import", "aichat/plain-role.md", "--id", "socratic")
    assert code == 2 and "'socratic' is a built-in persona" in err and "--force" in err
    assert not (isolated_home / "config" / "personas" / "socratic.yaml").exists()


def test_broken_and_ambiguous_files_write_nothing(
    in_files: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = isolated_home / "config" / "personas"
    for name in ("modelfile/unclosed.Modelfile", "ambiguous/prompt.txt", "fabric/no_system"):
        code, out, err = cli(capsys, "personas", "import", name)
        assert (code, out) == (2, "")
        assert err == f"tutor: {EXPECTED[name]['error']}\n"
    assert not folder.exists() or list(folder.iterdir()) == []
    code, out, _ = cli(capsys, "personas", "import", "ambiguous/prompt.txt", "--format", "fabric")
    assert code == 0 and [p.name for p in folder.iterdir()] == ["prompt.yaml"]


def test_an_id_the_file_cannot_give_must_be_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    card = {"spec": "chara_card_v2", "data": {"name": "김 선생님", "description": "과학 선생님"}}
    Path("선생님.json").write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    code, _, err = cli(capsys, "personas", "import", "선생님.json")
    assert (code, err) == (2, "tutor: cannot make an id from '선생님.json' — give one with --id\n")
    code, out, _ = cli(capsys, "personas", "import", "선생님.json", "--id", "kim")
    assert code == 0 and "as persona 'kim'" in out
    code, _, err = cli(capsys, "personas", "import", "선생님.json", "--id", "../kim")
    assert code == 2 and err.startswith("tutor: '../kim' cannot be a persona id")


def test_dry_run_prints_the_persona_and_writes_nothing(
    in_files: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "personas", "import", "card/ms-park.v2.json", "--dry-run")
    assert code == 0 and not (isolated_home / "config" / "personas").exists()
    assert out == persona_yaml(read_foreign(Path("card/ms-park.v2.json")))
    left = EXPECTED["card/ms-park.v2.json"]["left_out"]
    assert err.splitlines() == [f"tutor: left out: {line}" for line in left]


def test_json_says_what_was_written(
    in_files: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "personas", "import", "fabric/teach_in_language", "--json")
    done = json.loads(out)
    assert code == 0 and done["id"] == "teach_in_language" and done["format"] == "fabric pattern"
    assert Path(done["path"]).read_text("utf-8").startswith("# Made by `tutor personas import`")
    assert done["left_out"] == [
        {
            "where": "fabric/teach_in_language/user.md",
            "what": "user.md",
            "why": "fabric itself never sends it (1 line)",
        }
    ]


def test_a_required_variable_from_fabric_is_asked_for_when_used(
    in_files: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(capsys, "personas", "import", "fabric/teach_in_language")
    persona = PersonaLibrary.load().get("teach_in_language")
    assert persona.required_variables() == ["lang", "level"]
    filled = persona.render({"lang": "Korean", "level": "beginner"}).system
    assert "You tutor students in Korean at beginner level. Reply only in Korean" in filled


# --- odd files ------------------------------------------------------------------------------


def test_files_that_are_not_text_are_one_line_with_a_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cases = {
        "nul.md": (b"You ask\nquestions.\x00\n", "nul.md:2:11: this is binary data (a NUL byte)"),
        "latin1.md": (b"Caf\xe9 tutor\n", "latin1.md:1:4: not valid UTF-8 (byte 0xe9)"),
        "big.md": (b"x" * 1_000_001, "big.md: the file is too large (1.0 MB)"),
        "gone.md": (None, "gone.md: no such file or folder — check the path"),
    }
    for name, (raw, said) in cases.items():
        if raw is not None:
            Path(name).write_bytes(raw)
        with pytest.raises(PersonaImportError) as caught:
            read_foreign(Path(name))
        assert str(caught.value).startswith(said), name


def test_a_card_picture_may_be_large_its_text_not(tmp_path: Path) -> None:
    """A PNG card carries a picture of a few megabytes; only its text chunk is read."""
    small = (FILES / "card" / "dr-byte.png").read_bytes()
    end = small.rindex(b"IEND") - 4
    padding = b"\x00" * 3_000_000
    chunk = len(padding).to_bytes(4, "big") + b"zzZz" + padding + b"\x00\x00\x00\x00"
    big = tmp_path / "big-card.png"
    big.write_bytes(small[:end] + chunk + small[end:])
    assert read_foreign(big).name == "Dr. Byte"


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda t: t.strip() and not PLACEHOLDER.search(t)))
def test_the_persona_file_reads_back_exactly_whatever_the_text(text: str) -> None:
    """Line breaks YAML has of its own (U+0085, U+2028), controls, quotes, Hangul: all kept."""
    made = Imported("test file", "t", "t", name=text, system=text, greeting=text)
    made.examples = [Example("user", text), Example("assistant", text)]
    with tempfile.TemporaryDirectory() as folder:
        save_persona("t", persona_yaml(made), user_dir=Path(folder))
        persona = PersonaLibrary.load(user_dir=Path(folder)).get("t")
    assert (persona.name, persona.system, persona.greeting) == (text, text, text)
    assert [e.content for e in persona.examples] == [text, text]
