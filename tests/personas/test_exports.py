"""`tutor personas export`: Modelfiles and llm templates, what cannot be carried listed, and the
round trip — exported, then imported — giving back the same system text, examples and params."""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.cli.main import run
from tutor.core.errors import UsageError
from tutor.core.personas import Persona, PersonaLibrary
from tutor.core.personas.exports.llm import llm_text
from tutor.core.personas.exports.modelfile import modelfile_text
from tutor.core.personas.imports import persona_yaml, read_foreign
from tutor.core.personas.persona import Example
from tutor.core.personas.placeholders import PLACEHOLDER
from tutor.core.personas.saving import save_persona

BUILTINS = ["socratic", "algorithm-coach", "explainer"]
FILES = Path(__file__).resolve().parent / "imports"
COACH = """
name: Loop coach
description: Helps with loops.
model: qwen2.5-coder:7b
params: {temperature: 0.4, top_p: 0.9, max_tokens: 300, seed: 5, stop: ["END", " two words "]}
variables: {course: CS101}
system: |
  You coach {{course}} students. Prices are in $, and "quotes" stay.
examples:
  - {role: user, content: Why does my loop never stop?}
  - role: assistant
    content: |
      Which variable does the condition read,
      and where does it change?
reminder: One question.
greeting: Hello!
"""


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def coach(isolated_home: Path) -> Persona:
    folder = isolated_home / "config" / "personas"
    folder.mkdir(parents=True)
    (folder / "coach.yaml").write_text(textwrap.dedent(COACH).lstrip(), encoding="utf-8")
    return PersonaLibrary.load().get("coach")


def reimported(text: str, name: str, tmp_path: Path) -> Persona:
    """``text`` saved as ``name``, imported, written as a persona and loaded back."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    made = read_foreign(source)
    user = tmp_path / "back"
    save_persona("back", persona_yaml(made), user_dir=user)
    return PersonaLibrary.load(user_dir=user).get("back")


def test_modelfile_holds_from_params_system_and_message_pairs(coach: Persona) -> None:
    made = modelfile_text(coach)
    assert made.text == textwrap.dedent(
        '''\
        # Loop coach — the tutor persona 'coach', written by tutor.
        # Helps with loops.
        # Build it with: ollama create coach -f <this file>

        FROM qwen2.5-coder:7b
        PARAMETER temperature 0.4
        PARAMETER top_p 0.9
        PARAMETER num_predict 300
        PARAMETER seed 5
        PARAMETER stop END
        PARAMETER stop " two words "
        SYSTEM """
        You coach CS101 students. Prices are in $, and "quotes" stay.

        """
        MESSAGE user """
        Why does my loop never stop?
        """
        MESSAGE assistant """
        Which variable does the condition read,
        and where does it change?

        """
        '''
    )
    assert made.left_out == [
        "reminder: Ollama sends nothing after the conversation; add it to SYSTEM",
        "greeting: a Modelfile has no greeting",
    ]
    assert made.notes == ["placeholders filled in (course='CS101'); a Modelfile has none"]


def test_llm_template_holds_system_defaults_and_options(coach: Persona) -> None:
    made = llm_text(coach)
    assert made.text.splitlines()[4:] == [
        "model: qwen2.5-coder:7b",
        "system: |",
        '  You coach ${course} students. Prices are in $$, and "quotes" stay.',
        "defaults:",
        "  course: CS101",
        "options:",
        "  temperature: 0.4",
        "  top_p: 0.9",
        "  max_tokens: 300",
        "  seed: 5",
        "  stop:",
        "  - END",
        "  - ' two words '",
    ]
    assert made.left_out == [
        "examples: 2 turns — an llm template has none",
        "reminder: an llm template sends nothing after the conversation",
        "greeting: an llm template has no greeting",
    ]


def test_modelfile_round_trip_gives_the_same_system_examples_and_params(
    coach: Persona, tmp_path: Path
) -> None:
    back = reimported(modelfile_text(coach).text, "coach.Modelfile", tmp_path)
    sent = coach.render()
    assert back.system == sent.system
    assert back.examples == sent.examples
    assert back.params == coach.params
    assert back.model == coach.model


@pytest.mark.parametrize("pid", BUILTINS)
def test_every_builtin_survives_both_round_trips(
    pid: str, isolated_home: Path, tmp_path: Path
) -> None:
    persona = PersonaLibrary.load().get(pid)
    back = reimported(modelfile_text(persona, model="llama3.2").text, "Modelfile", tmp_path / "m")
    assert (back.system, back.examples) == (persona.render().system, persona.render().examples)
    assert back.params == persona.params and back.model == "llama3.2"
    back = reimported(llm_text(persona).text, f"{pid}.yaml", tmp_path / "l")
    assert (back.system, back.variables, back.params) == (
        persona.system,
        persona.variables,
        persona.params,
    )


def test_llm_round_trip_keeps_variables_required_ones_too(
    isolated_home: Path, tmp_path: Path
) -> None:
    folder = isolated_home / "config" / "personas"
    folder.mkdir(parents=True)
    (folder / "v.yaml").write_text(
        "name: V\nvariables: {topic: graphs, deadline: null, open: '{{'}\n"
        "system: 'Teach {{topic}} by {{ deadline }}; costs $3; literal {{open}}x}} stays'\n"
        "params: {temperature: 1.5}\n",
        encoding="utf-8",
    )
    persona = PersonaLibrary.load().get("v")
    made = llm_text(persona)
    assert "system: Teach ${topic} by ${deadline}; costs $$3; literal ${open}x}} stays" in made.text
    assert made.notes == ["llm needs -p deadline VALUE when the template is used (no default)"]
    back = reimported(made.text, "v.yaml", tmp_path)
    assert back.variables == {"topic": "graphs", "deadline": None, "open": "{{"}
    assert back.render({"deadline": "Friday"}).system == (
        "Teach graphs by Friday; costs $3; literal {{x}} stays"
    )


def test_imported_files_go_back_out_the_same(isolated_home: Path, tmp_path: Path) -> None:
    """A Modelfile and an llm template from the fixtures: imported, exported, imported again."""
    cases = (
        ("modelfile/tutor.Modelfile", "modelfile", {}),
        ("llm/dollars.yaml", "llm", {"budget": "10"}),
    )
    for name, fmt, values in cases:
        first = read_foreign(FILES / name)
        user = tmp_path / fmt
        save_persona("first", persona_yaml(first), user_dir=user)
        persona = PersonaLibrary.load(user_dir=user).get("first")
        text = (modelfile_text if fmt == "modelfile" else llm_text)(persona).text
        back = reimported(text, Path(name).name, tmp_path / f"{fmt}-back")
        assert back.render(values).system == persona.render(values).system
        assert back.examples == persona.examples and back.params == persona.params


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab \"'\n\t#$\\{}가"))
        | st.characters(categories=["L", "P", "S"]),
        min_size=1,
        max_size=60,
    ).filter(lambda t: t.strip() and not PLACEHOLDER.search(t))
)
def test_any_text_comes_back_from_a_modelfile_or_is_refused(text: str) -> None:
    persona = Persona(
        id="t",
        name="T",
        description="",
        extends=None,
        model="m",
        params={},
        variables={},
        system=text,
        examples=(Example("user", text), Example("assistant", "ok")),
        reminder=None,
        greeting=None,
        tags=(),
        source="x",
    )
    try:
        made = modelfile_text(persona)
    except UsageError as refused:
        assert '"""' in text and "three double quotes" in str(refused)
        return
    with tempfile.TemporaryDirectory() as folder:
        back = reimported(made.text, "Modelfile", Path(folder))
    assert back.system == text and back.examples[0].content == text


# --- the command ----------------------------------------------------------------------------


def test_export_modelfile_needs_a_model_to_build_on(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "personas", "export", "socratic", "--format", "modelfile")
    assert (code, out) == (2, "")
    assert err == (
        "tutor: a Modelfile starts with FROM, and persona 'socratic' names no model — give the"
        " Ollama model to build on: --model llama3.2\n"
    )


def test_export_to_a_file_lists_what_was_left_out(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "Modelfile"
    code, out, err = cli(
        capsys,
        "personas",
        "export",
        "algorithm-coach",
        "--format",
        "modelfile",
        "--model",
        "qwen2.5-coder",
        "--var",
        "level=second year",
        "-o",
        str(target),
    )
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"wrote persona 'algorithm-coach' as modelfile to {target}",
        "tutor: note: placeholders filled in (level='second year'); a Modelfile has none",
        "tutor: left out: reminder: Ollama sends nothing after the conversation; add it to SYSTEM",
        "tutor: left out: greeting: a Modelfile has no greeting",
    ]
    text = target.read_text("utf-8")
    assert text.count("\nMESSAGE user ") == text.count("\nMESSAGE assistant ") >= 2
    assert "second year" in text and "{{level}}" not in text


def test_export_llm_to_stdout_and_a_wrong_variable_is_one_line(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "personas", "export", "explainer", "--format", "llm")
    assert code == 0 and out.startswith("# Explainer — the tutor persona 'explainer'")
    assert "tutor: left out: examples:" in err
    code, out, err = cli(
        capsys, "personas", "export", "explainer", "--format", "llm", "--var", "nope=1"
    )
    assert (code, out) == (2, "")
    assert err.startswith("tutor: persona 'explainer' has no variable 'nope' — ")


def test_a_text_ollama_would_cut_short_is_refused(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = isolated_home / "config" / "personas"
    folder.mkdir(parents=True)
    (folder / "q.yaml").write_text('name: Q\nsystem: |\n  Say """\n  and stop.\n', encoding="utf-8")
    code, out, err = cli(capsys, "personas", "export", "q", "--format", "modelfile", "--model", "m")
    assert (code, out) == (2, "")
    assert err == (
        "tutor: 'system' cannot be written in a Modelfile as it is: Ollama would read it"
        " differently (a line ending with three double quotes?) — change it\n"
    )
