"""Personas: built-ins, extends merging, placeholders, and each file problem at file:line:col."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.core.config import paths
from tutor.core.errors import PersonaError, UsageError
from tutor.core.personas import (
    DEFAULT_REPLY_RESERVE,
    PersonaLibrary,
    builtin_personas_dir,
    validate_files,
)

BUILTINS = ["socratic", "algorithm-coach", "explainer"]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def shown(problems: list, folder: Path) -> list[str]:
    """Problems as the user sees them, with the temp folder cut off."""
    return [str(p).replace(f"{folder}/", "") for p in problems]


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "user-personas"


def load(user: Path) -> PersonaLibrary:
    return PersonaLibrary.load(user_dir=user)


# --- the built-ins ---------------------------------------------------------------------------


def test_builtins_load_cleanly_and_render(user: Path) -> None:
    lib = load(user)
    assert lib.problems == []
    assert lib.ids() == BUILTINS
    for pid in BUILTINS:
        persona = lib.get(pid)
        assert persona.builtin and persona.source == "built-in"
        rendered = persona.render()
        messages = rendered.messages()
        assert messages[0] == {"role": "system", "content": rendered.system}
        roles = [m["role"] for m in messages[1:]]
        assert roles == ["user", "assistant"] * (len(roles) // 2) and len(roles) >= 4
        texts = [m["content"] for m in messages] + [rendered.greeting or ""]
        assert all("{{" not in t and t.strip() for t in texts)
        assert rendered.greeting and persona.description and persona.tags
        assert persona.reply_reserve == persona.params["max_tokens"]
        assert 0 <= persona.params["temperature"] <= 1


def test_builtin_folder_is_a_package_holding_the_three_files() -> None:
    folder = builtin_personas_dir()
    assert (folder / "__init__.py").is_file()
    assert sorted(p.name for p in folder.glob("*.yaml")) == [
        "algorithm-coach.yaml",
        "explainer.yaml",
        "socratic.yaml",
    ]


def test_builtins_teach_by_their_examples(user: Path) -> None:
    lib = load(user)
    for pid in BUILTINS:
        examples = lib.get(pid).examples
        assert any(HANGUL.search(e.content) for e in examples), f"{pid} has no Korean turn"
    for pid in ("socratic", "algorithm-coach"):
        persona = lib.get(pid)
        said = [e.content for e in persona.examples if e.role == "assistant"]
        assert all("```" not in s and s.count("?") >= 1 for s in said), pid
        assert persona.render().reminder_message() is not None
    socratic_users = [e.content for e in lib.get("socratic").examples if e.role == "user"]
    assert any("just tell me the answer" in u.lower() for u in socratic_users)
    coach_users = [e.content for e in lib.get("algorithm-coach").examples if e.role == "user"]
    assert any("code now" in u for u in coach_users)
    assert any("```python" in u for u in coach_users)  # the student shows code to review
    assert lib.get("explainer").render().reminder_message() is None


def test_level_variable_reaches_the_system_text(user: Path) -> None:
    lib = load(user)
    rendered = lib.get("algorithm-coach").render({"level": "first-year, knows Python lists"})
    assert "first-year, knows Python lists" in rendered.system
    assert rendered.values == {"level": "first-year, knows Python lists"}


# --- extends ---------------------------------------------------------------------------------


PARENT = """
    name: Parent
    description: the parent
    model: gpt-4o-mini
    params: {temperature: 0.3, max_tokens: 500, seed: 7, stop: ["END"]}
    variables: {topic: graphs, level: null}
    system: "Teach {{topic}} at {{level}}."
    examples:
      - {role: user, content: "hi {{topic}}"}
      - {role: assistant, content: "what do you know?"}
    reminder: one question
    greeting: hello
    tags: [a, b]
"""


def test_child_fields_win_and_params_and_variables_merge_key_by_key(user: Path) -> None:
    write(user, "parent.yaml", PARENT)
    write(
        user,
        "child.yaml",
        """
        extends: parent
        name: Child
        params: {temperature: 0.9, seed: null}
        variables: {level: beginner, extra: x}
        reminder: null
        tags: [c]
        """,
    )
    lib = load(user)
    assert lib.problems == []
    child = lib.get("child")
    assert (child.name, child.description, child.model) == ("Child", "the parent", "gpt-4o-mini")
    assert child.params == {"temperature": 0.9, "max_tokens": 500, "stop": ["END"]}
    assert child.variables == {"topic": "graphs", "level": "beginner", "extra": "x"}
    assert child.system == "Teach {{topic}} at {{level}}."
    assert [e.content for e in child.examples] == ["hi {{topic}}", "what do you know?"]
    assert child.reminder is None and child.greeting == "hello" and child.tags == ("c",)
    assert child.extends == "parent" and child.reply_reserve == 500
    rendered = child.render()
    assert rendered.system == "Teach graphs at beginner."
    assert rendered.messages()[1] == {"role": "user", "content": "hi graphs"}
    assert rendered.reminder_message() is None
    # the parent still needs its level
    with pytest.raises(UsageError, match=r"^persona 'parent' needs --var level=\.\.\. — "):
        lib.get("parent").render()


def test_a_chain_of_three_merges_in_order(user: Path) -> None:
    write(user, "one.yaml", "extends: socratic\nname: One\nparams: {temperature: 1.5}\n")
    write(user, "two.yaml", "extends: one\nexamples: []\n")
    lib = load(user)
    two = lib.get("two")
    assert two.name == "One" and two.params == {"temperature": 1.5, "max_tokens": 800}
    assert two.examples == () and two.system == lib.get("socratic").system
    assert "level" in two.variables


def test_reply_reserve_defaults_when_max_tokens_is_not_set(user: Path) -> None:
    write(user, "bare.yaml", "system: be brief\n")
    persona = load(user).get("bare")
    assert persona.reply_reserve == DEFAULT_REPLY_RESERVE == 1024
    assert persona.name == "bare" and persona.params == {} and persona.description == ""


def test_missing_parent_is_reported_at_the_extends_value(user: Path) -> None:
    write(user, "m.yaml", "name: M\nextends: socratc\nsystem: s\n")
    write(user, "n.yaml", "name: N\nextends: zzz\nsystem: s\n")
    lib = load(user)
    assert shown(lib.problems, user) == [
        "m.yaml:2:10: no persona 'socratc' to extend — did you mean 'socratic'?",
        "n.yaml:2:10: no persona 'zzz' to extend — available: algorithm-coach, explainer, m,"
        " socratic",
    ]
    assert lib.ids() == BUILTINS


def test_cycles_are_reported_on_every_file_in_them(user: Path) -> None:
    write(user, "a.yaml", "name: A\nsystem: s\nextends: b\n")
    write(user, "b.yaml", "name: B\nextends: a\nsystem: s\n")
    write(user, "c.yaml", "extends: a\n")
    write(user, "d.yaml", "system: s\nextends:   d\n")
    lib = load(user)
    assert shown(lib.problems, user) == [
        "a.yaml:3:10: 'extends' goes round in a circle: a → b → a — break it in one of the files",
        "b.yaml:2:10: 'extends' goes round in a circle: a → b → a — break it in one of the files",
        "c.yaml:1:10: cannot extend 'a': a.yaml has problems — fix them first",
        "d.yaml:2:12: 'd' extends itself — remove 'extends' or name another persona",
    ]
    assert lib.ids() == BUILTINS


# --- user folder -----------------------------------------------------------------------------


def test_user_persona_overrides_the_builtin_and_can_build_on_it(user: Path) -> None:
    mine = write(user, "my-socratic.yaml", "id: socratic\nextends: socratic\nname: Mine\n")
    lib = load(user)
    assert lib.problems == []
    socratic = lib.get("socratic")
    assert socratic.name == "Mine" and socratic.source == str(mine) and not socratic.builtin
    assert socratic.examples and "Socratic" in socratic.system
    assert lib.ids() == BUILTINS


def test_builtins_keep_extending_the_builtin_when_the_user_overrides_it(user: Path) -> None:
    write(user, "socratic.yaml", "name: Plain\nsystem: no variables here\n")
    lib = load(user)
    assert lib.problems == []
    assert lib.get("socratic").variables == {}
    coach = lib.get("algorithm-coach")
    assert "level" in coach.variables and coach.params["max_tokens"] == 1000


def test_a_broken_override_leaves_the_builtin_in_place(user: Path) -> None:
    write(user, "socratic.yaml", "name: Mine\nsytem: oops\n")
    lib = load(user)
    assert shown(lib.problems, user) == [
        "socratic.yaml:2:1: unknown key 'sytem' — did you mean 'system'?"
    ]
    assert lib.get("socratic").builtin


def test_a_broken_persona_does_not_stop_the_others(user: Path) -> None:
    write(user, "good.yaml", "name: Good\nsystem: fine\n")
    write(user, "broken.yaml", "name: Broken\nsystem: fine\nparams:\n  temperature: hot\n")
    write(user, "also-good.yml", "extends: good\nname: Also\n")
    write(user, ".hidden.yaml", "not: a persona\n")
    write(user, "notes.txt", "not: a persona\n")
    lib = load(user)
    assert lib.ids() == ["socratic", "algorithm-coach", "also-good", "explainer", "good"]
    assert shown(lib.problems, user) == [
        "broken.yaml:4:16: 'temperature' must be a number between 0 and 2, got 'hot'"
    ]
    with pytest.raises(PersonaError) as caught:
        lib.get("broken")
    assert str(caught.value).startswith(str(user / "broken.yaml") + ":4:16: 'temperature'")
    assert caught.value.exit_code == 2


def test_two_files_with_one_id_are_reported(user: Path) -> None:
    write(user, "a.yaml", "id: same\nsystem: first\n")
    write(user, "b.yaml", "system: second\nid: same\n")
    lib = load(user)
    assert shown(lib.problems, user) == [
        "b.yaml:2:1: persona id 'same' is already taken by a.yaml"
        " — change 'id:' or rename one of the files"
    ]
    assert lib.get("same").system == "first"


def test_unknown_id_lists_what_is_available(user: Path) -> None:
    lib = load(user)
    with pytest.raises(UsageError) as caught:
        lib.get("nope")
    assert (
        str(caught.value) == "no persona 'nope' — available: socratic, algorithm-coach, explainer"
    )
    with pytest.raises(UsageError, match=r"^no persona 'explainr' — did you mean 'explainer'\?"):
        lib.get("explainr")


def test_default_folders_come_from_the_config_dir() -> None:
    write(paths.user_personas_dir(), "from-config.yaml", "system: hello\n")
    lib = PersonaLibrary.load()
    assert "from-config" in lib.ids() and lib.get("socratic").builtin


# --- problems in one file, each at its file:line:col -----------------------------------------

FILE_PROBLEMS = [
    ("name: T\nsytem: hi\n", ["2:1: unknown key 'sytem' — did you mean 'system'?"]),
    (
        "name: T\nprompt: hi\n",
        ["2:1: unknown key 'prompt' — did you mean 'system'?"],
    ),
    (
        "name: T\nsystem: hi\ncolour: 3\n",
        [
            "3:1: unknown key 'colour' — allowed: id, name, description, extends, model, params,"
            " variables, system, examples, reminder, greeting, tags, rehearsals, guard"
        ],
    ),
    (
        "system: hi\nparams:\n  temperature: hot\n",
        ["3:16: 'temperature' must be a number between 0 and 2, got 'hot'"],
    ),
    (
        "system: hi\nparams:\n  temperature: 2.5\n  top_p: -1\n",
        [
            "3:16: 'temperature' must be a number between 0 and 2, got 2.5",
            "4:10: 'top_p' must be a number between 0 and 1, got -1",
        ],
    ),
    (
        "system: hi\nparams: {max_tokens: true, seed: 1.5}\n",
        [
            "2:22: 'max_tokens' must be a whole number of at least 1 (the tokens kept free for"
            " the reply), got true",
            "2:34: 'seed' must be a whole number, got 1.5",
        ],
    ),
    (
        "system: hi\nparams:\n  temprature: 1\n  max_completion_tokens: 9\n",
        [
            "3:3: unknown param 'temprature' — did you mean 'temperature'?",
            "4:3: unknown param 'max_completion_tokens' — did you mean 'max_tokens'?",
        ],
    ),
    (
        "system: hi\nparams:\n  stop: [a, b, c, d, e]\n",
        ["3:9: 'stop' must be a text or a list of up to 4 texts, got a list"],
    ),
    (
        "system: hi\nparams: 0.5\n",
        ["2:9: 'params' must be a mapping such as 'temperature: 0.5', got 0.5"],
    ),
    (
        "system: hi\nexamples:\n  - {role: user, content: a}\n  - {role: assistant, content: b}\n"
        "  - {role: robot, content: c}\n  - {role: assistant, content: d}\n",
        ["5:12: 'examples[2].role' must be 'user' or 'assistant', got 'robot'"],
    ),
    (
        "system: hi\nexamples:\n  - role: user\n    text: hello\n",
        [
            "3:5: 'examples[0].content' is missing — add 'content: ...'",
            "4:5: unknown key 'text' in 'examples[0]' — did you mean 'content'?",
        ],
    ),
    (
        "system: hi\nexamples:\n  - {role: assistant, content: a}\n  - {role: user, content: b}\n",
        [
            "3:12: 'examples[0].role' must be 'user' — examples alternate user, assistant, …"
            " starting with the student's turn"
        ],
    ),
    (
        "system: hi\nexamples:\n  - {role: user, content: a}\n",
        ["3:5: 'examples' ends with a user turn — add the tutor's reply after it"],
    ),
    (
        "system: hi\nexamples:\n  - {role: user, content: '  '}\n"
        "  - {role: assistant, content: b}\n",
        ["3:27: 'examples[0].content' is empty — write the turn's text or remove the turn"],
    ),
    (
        "name: T\nsystem: '   '\n",
        ["2:9: 'system' is empty — write the persona's instructions there"],
    ),
    ("name: T\nsystem:\n", ["2:8: 'system' is empty — write the persona's instructions there"]),
    ("name: T\n", ["1:1: 'system' is missing — add the persona's instructions under 'system:'"]),
    ("name: 42\nsystem: hi\n", ["1:7: 'name' must be text, got 42 — put it in quotes: \"42\""]),
    (
        "system: hi\ntags: python\n",
        ["2:7: 'tags' must be a list of texts, e.g. [algorithms, python], got 'python'"],
    ),
    (
        "system: hi\ntags: [a, 3]\n",
        ["2:11: 'tags[1]' must be text, got 3 — put it in quotes: \"3\""],
    ),
    ("system: hi\nmodel: ''\n", ["2:8: 'model' is empty — fill it in or remove the key"]),
    (
        "id: My Tutor\nsystem: hi\n",
        ["1:5: 'id' must be a short id made of letters, digits, '-', '_' or '.', got 'My Tutor'"],
    ),
    ("", ["1:1: the file is empty — a persona needs at least 'name:' and 'system:'"]),
    (
        "# only a comment\n",
        ["1:1: the file is empty — a persona needs at least 'name:' and 'system:'"],
    ),
    (
        "- name: T\n- system: hi\n",
        ["1:1: a persona file must be a mapping of keys such as 'name:' and 'system:', not a list"],
    ),
    (
        "just some text\n",
        [
            "1:1: a persona file must be a mapping of keys such as 'name:' and 'system:',"
            " not a single value"
        ],
    ),
    (
        "system: |\n  Teach {{ topic }} at {{levl}}.\nvariables:\n  level: x\n",
        [
            "1:9: '{{topic}}' in 'system' is not declared — add it under 'variables:'",
            "1:9: '{{levl}}' in 'system' is not declared — did you mean '{{level}}'? If not,"
            " add it under 'variables:'",
        ],
    ),
    (
        "system: hi\nexamples:\n  - {role: user, content: hi}\n"
        "  - {role: assistant, content: 'about {{topic}}'}\ngreeting: '{{who}}'\n",
        [
            "4:32: '{{topic}}' in 'examples[1].content' is not declared — add it under"
            " 'variables:'",
            "5:11: '{{who}}' in 'greeting' is not declared — add it under 'variables:'",
        ],
    ),
    (
        'system: hi\nvariables:\n  level: 3\n  2nd: x\n  "a\\nb": y\n',
        [
            "3:10: 'variables.level' must be text (its default) or empty (then it must be"
            ' given: --var level=...), got 3 — put it in quotes: "3"',
            "4:3: variable name '2nd' cannot be used as a placeholder — use letters, digits"
            " and '_' (not starting with a digit)",
            "5:3: variable name 'a\\nb' cannot be used as a placeholder — use letters, digits"
            " and '_' (not starting with a digit)",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FILE_PROBLEMS)
def test_each_problem_is_named_at_its_position(user: Path, text: str, expected: list[str]) -> None:
    path = write(user, "p.yaml", "")
    path.write_text(text, encoding="utf-8")
    lib = load(user)
    assert shown(lib.problems, user) == [f"p.yaml:{e}" for e in expected]
    assert "p" not in lib.personas


YAML_PROBLEMS = [
    (b"name: x\nsystem: hi\nparams:\n\ttemperature: 1\n", "4:1: YAML syntax error:", "tabs"),
    (b'name: x\nsystem: "caf\xe9"\n', "2:13: not valid UTF-8 (byte 0xe9)", "UTF-8"),
    (b"name: x\x00\nsystem: hi\n", "1:8: file holds binary data", "UTF-8"),
    (b"name: !!python/object:os.system x\nsystem: hi\n", "1:7: the tag ", "not allowed"),
    (b"name: x\nsystem: a: b\n", "2:10: YAML syntax error: mapping values", "quote"),
    (b"name: x\nname: y\nsystem: hi\n", "2:1: duplicate key 'name'", "keep only one"),
]


@pytest.mark.parametrize(("raw", "start", "fix"), YAML_PROBLEMS)
def test_yaml_problems_pass_through(user: Path, raw: bytes, start: str, fix: str) -> None:
    write(user, "y.yaml", raw)
    [problem] = shown(load(user).problems, user)
    assert problem.startswith("y.yaml:" + start) and fix in problem


def test_a_file_too_large_is_refused(user: Path) -> None:
    write(user, "big.yaml", b"system: '" + b"x" * 1_100_000 + b"'\n")
    assert shown(load(user).problems, user) == [
        "big.yaml:1:1: file is too large (1.1 MB); keep it under 1 MB"
    ]


# --- placeholders and rendering --------------------------------------------------------------


def test_render_fills_overrides_and_defaults(user: Path) -> None:
    write(
        user,
        "t.yaml",
        """
        system: "Topic {{topic}}, level {{ level }}."
        variables: {topic: null, level: beginner}
        examples:
          - {role: user, content: "teach me {{topic}}"}
          - {role: assistant, content: "what do you know about {{topic}}?"}
        reminder: "stay on {{topic}}"
        greeting: "Let's study {{topic}}."
        """,
    )
    persona = load(user).get("t")
    assert persona.required_variables() == ["topic"]
    rendered = persona.render({"topic": "heaps"})
    assert rendered.messages() == [
        {"role": "system", "content": "Topic heaps, level beginner."},
        {"role": "user", "content": "teach me heaps"},
        {"role": "assistant", "content": "what do you know about heaps?"},
    ]
    assert rendered.reminder_message() == {"role": "system", "content": "stay on heaps"}
    assert rendered.greeting == "Let's study heaps."
    assert persona.render({"topic": "x", "level": "expert"}).system == "Topic x, level expert."


def test_render_refuses_unknown_and_missing_variables(user: Path) -> None:
    write(user, "t.yaml", "system: '{{topic}} {{level}}'\nvariables: {topic: null, level: a}\n")
    write(user, "plain.yaml", "system: no variables\n")
    lib = load(user)
    with pytest.raises(UsageError) as caught:
        lib.get("t").render({"level": "b"})
    assert str(caught.value) == (
        "persona 't' needs --var topic=... — its variables: topic (required), level"
    )
    assert caught.value.exit_code == 2
    with pytest.raises(UsageError) as caught:
        lib.get("t").render({"topic": "a", "lvl": "b"})
    assert str(caught.value) == (
        "persona 't' has no variable 'lvl' — its variables: topic (required), level"
    )
    with pytest.raises(UsageError, match=r"^persona 'plain' has no variable 'x' — it has no"):
        lib.get("plain").render({"x": "1"})


def test_only_named_placeholders_are_filled_and_only_once(user: Path) -> None:
    write(
        user,
        "code.yaml",
        """
        system: |
          int grid[2][2] = {{1, 2}, {3, 4}}; {{}} {{ 9lives }} {{topic}}
          Vue writes {{open}}name}}.
        variables: {topic: null, open: "{{"}
        """,
    )
    lib = load(user)
    assert lib.problems == []
    rendered = lib.get("code").render({"topic": "{{open}}"})
    assert rendered.system == (
        "int grid[2][2] = {{1, 2}, {3, 4}}; {{}} {{ 9lives }} {{open}}\nVue writes {{name}}.\n"
    )


# --- validate_files --------------------------------------------------------------------------


def test_validate_files_resolves_against_the_library(tmp_path: Path, user: Path) -> None:
    write(user, "base.yaml", "name: Base\nsystem: hi {{level}}\nvariables: {level: a}\n")
    drafts = tmp_path / "drafts"
    good = write(drafts, "good.yaml", "extends: socratic\nname: Good\n")
    on_user = write(drafts, "on-user.yaml", "extends: base\nsystem: '{{level}}'\n")
    bad = write(drafts, "bad.yaml", "extends: nothing-here\nsystem: s\nsytem: s\n")
    assert validate_files([good, on_user], user_dir=user) == []
    assert shown(validate_files([bad, good], user_dir=user), drafts) == [
        "bad.yaml:3:1: unknown key 'sytem' — did you mean 'system'?"
    ]
    orphan = write(drafts, "orphan.yaml", "extends: nothing-here\nsystem: s\n")
    assert shown(validate_files([orphan], user_dir=user), drafts) == [
        "orphan.yaml:1:10: no persona 'nothing-here' to extend — available: algorithm-coach,"
        " base, explainer, socratic",
    ]
    assert len(validate_files([drafts], user_dir=user)) == 2  # bad.yaml and orphan.yaml


def test_validate_files_in_the_user_folder_and_with_a_user_id(tmp_path: Path, user: Path) -> None:
    inside = write(user, "mine.yaml", "system: hi\n")
    write(user, "broken.yaml", "sytem: nope\n")
    # mine.yaml named twice and inside the folder: read once, so no "id already taken"
    [problem] = validate_files([inside, user, inside], user_dir=user)
    assert problem.path.endswith("broken.yaml") and "unknown key 'sytem'" in problem.message
    copy = write(tmp_path / "edit", "mine.yaml", "system: edited\n")
    assert validate_files([copy], user_dir=user) == []
    twin = write(tmp_path / "edit", "twin.yml", "id: mine\nsystem: twin\n")
    assert [p.message for p in validate_files([copy, twin], user_dir=user)] == [
        f"persona id 'mine' is already taken by {copy} — change 'id:' or rename one of the files"
    ]
    missing = tmp_path / "nope.yaml"
    assert [str(p) for p in validate_files([missing], user_dir=user)] == [
        f"{missing}:0:0: cannot read the file: No such file or directory — check the path"
    ]


# --- robustness ------------------------------------------------------------------------------

KEYS = ["id", "name", "system", "extends", "params", "variables", "examples", "tags", "role"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8), st.sampled_from(KEYS)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*KEYS, "temperature", "content"]), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=values)
def test_any_yaml_gives_a_persona_or_positioned_problems(user: Path, data: object) -> None:
    write(user, "any.yaml", yaml.safe_dump(data, allow_unicode=True))
    lib = load(user)
    mine = [p for p in lib.problems if p.path.endswith("any.yaml")]
    assert ("any" in lib.personas) != bool(mine)
    assert all(p.line >= 1 and p.col >= 1 and "\n" not in p.message for p in mine)


def test_the_example_in_the_persona_guide_is_valid(user: Path) -> None:
    guide = (Path(__file__).parent.parent / "personas" / "README.md").read_text(encoding="utf-8")
    sample = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    write(user, "my-tutor.yaml", sample)
    lib = load(user)
    assert lib.problems == []
    persona = lib.get("my-tutor")
    assert persona.required_variables() == ["deadline"]
    assert "exam is on friday" in persona.render({"deadline": "friday"}).system
