"""How `tutor practice` prints a problem, your progress and a run's results (text and JSON)."""

from __future__ import annotations

from typing import Any

from tutor.cli import output

_MAX_SHOWN = 400  # characters of a sample's input, expected or got printed by `run`


def _call(problem: Any, case: Any) -> str:
    args = ", ".join(repr(a) for a in case.args or [])
    return f"{problem.entry_point('python')}({args})"


def _cut(text: str, limit: int = _MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sample_json(problem: Any, case: Any) -> dict[str, Any]:
    if problem.kind == "function":
        return {"name": case.name, "args": case.args, "expected": case.expected}
    return {
        "name": case.name,
        "input": case.input.decode("utf-8", "replace"),
        "output": case.answer.decode("utf-8", "replace"),
    }


def problem_json(problem: Any, lang: str, progress: Any) -> dict[str, Any]:
    """What `show --json` gives: never the reference solution nor the hidden tests' data."""
    from tutor.core.practice.cases import read_cases

    cases = read_cases(problem)
    found = problem.statement_file(lang)
    return {
        "entry_points": {lang_: problem.entry_point(lang_) for lang_ in problem.starters}
        if problem.kind == "function"
        else {},
        "limits": {"time_limit": problem.time_limit, "memory": problem.memory_mib},
        "statement": problem.statement(lang),
        "statement_language": found[0] if found else None,
        "samples": [sample_json(problem, c) for c in cases if c.sample],
        "hidden_tests": sum(1 for c in cases if not c.sample),
        "starters": sorted(problem.starters),
        "source": problem.source,
        "credits": problem.credits,
        "license": problem.license,
        "status": progress.status if progress else "new",
    }


def print_problem(problem: Any, lang: str, progress: Any) -> None:
    from tutor.core.practice.cases import read_cases

    cases = read_cases(problem)
    facts = [f"difficulty {problem.difficulty or '-'}", problem.kind]
    if problem.concepts:
        facts.append(", ".join(problem.concepts))
    facts.append(f"{problem.time_limit:g} s per test, {problem.memory_mib} MiB")
    print(f"# {output.shown(problem.title(lang))} ({problem.id})")
    print(" · ".join(facts))
    if problem.kind == "function":
        languages = sorted(problem.starters, key=lambda name: (name != "python", name))
        points = {language: problem.entry_point(language) for language in languages}
        print("write: " + ", ".join(f"{name} ({language})" for language, name in points.items()))
    found = problem.statement_file(lang)
    if found and found[0] != lang:
        print(f"(no statement in '{lang}' — shown in '{found[0]}')")
    print()
    print(output.shown(problem.statement(lang).rstrip() or "(this problem has no statement)"))
    samples = [c for c in cases if c.sample]
    for case in samples:
        print(f"\n## sample '{case.name}'")
        if problem.kind == "function":
            print(f"{_call(problem, case)}  →  {case.expected!r}")
        else:
            given = (case.input or b"").decode("utf-8", "replace")
            wanted = (case.answer or b"").decode("utf-8", "replace")
            print("input:\n" + output.shown(given).rstrip())
            print("expected output:\n" + output.shown(wanted).rstrip())
    hidden = len(cases) - len(samples)
    status = progress.status if progress else "new"
    tests = f"{hidden} hidden test{'' if hidden == 1 else 's'}"
    starters = ", ".join(sorted(problem.starters)) or "none"
    print(f"\n{tests} · starters: {starters} · you: {status}")
    credit = " · ".join(x for x in (problem.source, problem.credits, problem.license) if x)
    if credit:
        print(f"source: {output.shown(credit)}")
    print(f"start with: tutor practice start {problem.id}")


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def stats_json(
    problems: Any, progress: dict[str, Any], lang: str, held: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``held``: per problem, the code the answer-leak guard held back and the replies its
    judge found walking through the solution (``HeldCounts``), reported apart."""
    held = held or {}
    rows = []
    for pid, p in sorted(progress.items(), key=lambda kv: -kv[1].last_active_at):
        found = problems.problems.get(pid)
        rows.append(
            {
                "id": pid,
                "title": found.title(lang) if found else None,
                "status": p.status,
                "attempts": p.attempts,
                "runs": p.runs,
                "best_passed": p.best_passed,
                "tests": p.best_total,
                "hints_used": p.hints,
                "top_hint_rung": p.top_rung,
                "held_back": held[pid].code if pid in held else 0,
                "judged_walkthroughs": held[pid].judged if pid in held else 0,
                "solved_at": p.solved_at,
                "seconds_spent": round(p.seconds_spent, 1),
                "started_at": p.started_at,
                "last_active_at": p.last_active_at,
            }
        )
    solved = sum(1 for p in progress.values() if p.solved_at is not None)
    return {
        "problems": len(problems.problems),
        "solved": solved,
        "tried": len(progress) - solved,
        "seconds_spent": round(sum(p.seconds_spent for p in progress.values()), 1),
        "per_problem": rows,
    }


def print_stats(
    problems: Any, progress: dict[str, Any], lang: str, held: dict[str, Any] | None = None
) -> None:
    data = stats_json(problems, progress, lang, held)
    print(
        f"solved {data['solved']} of {data['problems']} problems · tried {data['tried']} ·"
        f" time spent {duration(data['seconds_spent'])}"
    )
    if not data["per_problem"]:
        print("nothing practised yet — `tutor practice list` shows the problems")
        return
    rows = []
    for row in data["per_problem"]:
        solved = output.when(row["solved_at"]) if row["solved_at"] else "-"
        tests = f"{row['best_passed']}/{row['tests']}" if row["runs"] else "-"
        hints = f"{row['hints_used']} (rung {row['top_hint_rung']})" if row["hints_used"] else "0"
        title = output.shown(row["title"] or "(not in your packs)")
        rows.append(
            [
                row["id"],
                title,
                row["status"],
                str(row["attempts"]),
                str(row["runs"]),
                tests,
                hints,
                str(row["held_back"]),
                str(row["judged_walkthroughs"]),
                duration(row["seconds_spent"]),
                solved,
            ]
        )
    headers = ["ID", "TITLE", "STATUS", "ATTEMPTS", "RUNS", "BEST", "HINTS", "HELD", "JUDGED"]
    headers += ["TIME", "SOLVED"]
    print(output.table(rows, headers))
