"""A persona opened for editing, and editor text checked as if it were saved in its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.core.errors import PersonaError, UsageError
from tutor.core.personas import builtin_personas_dir
from tutor.core.personas.editing import PersonaChecker, new_sheet, sheet_for
from tutor.core.personas.saving import save_persona

GRAPH = "name: Graph tutor\nsystem: You coach graph algorithms.\n"


@pytest.fixture
def mine(isolated_home: Path) -> Path:
    folder = isolated_home / "config" / "personas"
    folder.mkdir(parents=True)
    return folder


def test_your_file_is_edited_in_place(mine: Path) -> None:
    (mine / "graph.yaml").write_text(GRAPH, encoding="utf-8")
    sheet = sheet_for("graph")
    assert (sheet.origin, sheet.target, sheet.text) == ("yours", mine / "graph.yaml", GRAPH)


def test_a_builtin_opens_as_a_copy_for_your_folder(mine: Path) -> None:
    sheet = sheet_for("socratic")
    assert sheet.origin == "built-in" and sheet.target == mine / "socratic.yaml"
    assert sheet.text == (builtin_personas_dir() / "socratic.yaml").read_text(encoding="utf-8")
    assert not sheet.target.exists()


def test_a_file_save_would_not_write_is_refused_in_one_line(mine: Path) -> None:
    (mine / "other-name.yml").write_text("id: graph\n" + GRAPH, encoding="utf-8")
    with pytest.raises(UsageError, match=r"rename the file to graph\.yaml to edit it here"):
        sheet_for("graph")
    with pytest.raises(UsageError, match="no persona 'nothing' to edit"):
        sheet_for("nothing")


def test_a_new_id_gets_the_scaffold_and_a_taken_one_is_refused(mine: Path) -> None:
    sheet = new_sheet("graph")
    assert sheet.origin == "new" and "name: Graph" in sheet.text
    for taken in ("socratic", "Bad id!"):
        with pytest.raises(UsageError):
            new_sheet(taken)


def test_the_check_says_what_validate_says_and_save_agrees(mine: Path) -> None:
    target = mine / "graph.yaml"
    checker = PersonaChecker(target)
    for broken, said in (
        (GRAPH + "greting: hi\n", (3, 1, "unknown key 'greting' — did you mean 'greeting'?")),
        (
            "extends: socratc\n" + GRAPH,
            (1, 10, "no persona 'socratc' to extend — did you mean 'socratic'?"),
        ),
    ):
        checked = checker.check(broken)
        assert checked.persona is None and not checked.ok
        assert [(p.path, p.line, p.col, p.message) for p in checked.problems] == [
            (str(target), *said)
        ]
        with pytest.raises(PersonaError) as refused:
            save_persona("graph", broken)
        assert refused.value.problems == list(checked.problems)
        assert not target.exists()

    fine = checker.check("extends: socratic\nname: Graph tutor\n")
    assert fine.ok and fine.persona is not None
    assert fine.persona.system.startswith("You are a patient tutor")  # from the built-in
    assert save_persona("graph", fine.text) == target


def test_a_duplicate_id_in_another_of_your_files_is_a_problem_of_this_text(mine: Path) -> None:
    (mine / "first.yaml").write_text("id: graph\n" + GRAPH, encoding="utf-8")
    checked = PersonaChecker(mine / "graph.yaml").check(GRAPH)
    assert [p.message for p in checked.problems] == [
        f"persona id 'graph' is already taken by {mine / 'first.yaml'} — change 'id:' or rename"
        " one of the files"
    ]
