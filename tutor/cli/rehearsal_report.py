"""How `tutor personas test` reports: cases and turns as they end, the summary, the comparison.

As text while the run goes, or as one JSON object at the end (``--json``).
"""

from __future__ import annotations

import sys
from typing import Any

from tutor.cli import output


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def _indented(text: str, prefix: str = "      | ") -> str:
    lines = text.splitlines() or [""]
    return "\n".join(prefix + output.shown(line) for line in lines)


class Report:
    """Prints as the run goes (text), or gathers everything for one JSON object."""

    def __init__(self, *, as_json: bool, judge_endpoint: str) -> None:
        self.as_json = as_json
        self.judge_endpoint = judge_endpoint
        self.repeat = 1
        self.rehearsals: list[dict[str, Any]] = []
        self.notes: set[str] = set()

    def say(self, line: str = "") -> None:
        if not self.as_json:
            print(line, flush=True)

    def start(self, rehearsal: Any, persona: Any, stage: Any, repeat: int) -> None:
        self.repeat = repeat
        times = f" × {repeat}" if repeat > 1 else ""
        where = "built-in" if persona.builtin else persona.source
        self.say(
            f"rehearsal {rehearsal.key}: {len(rehearsal.cases)} cases{times} · persona "
            f"{persona.id} ({where}) · tutor {stage.tutor.spec.model} at {stage.endpoint} · "
            f"judge {stage.judge.model} at {self.judge_endpoint}"
        )

    def case(self, result: Any) -> None:
        for note in result.notes:
            if note not in self.notes:
                self.notes.add(note)
                output.note(note)
        if self.as_json:
            return
        attempt = f" (attempt {result.attempt} of {self.repeat})" if self.repeat > 1 else ""
        failed = sum(1 for c in result.checks if not c.passed)
        verdict = "passed" if not failed else f"FAILED ({failed} of {len(result.checks)} checks)"
        self.say(f'case "{output.shown(result.case)}"{attempt}: {verdict}')
        for turn in result.turns:
            self.say(f"  turn {turn.turn}")
            for check in turn.checks:
                mark = "ok  " if check.passed else "FAIL"
                self.say(
                    f"    {mark}  {output.shown(check.assertion)} — {output.shown(check.found)}"
                )
            if not turn.passed:
                self.say("      student:")
                self.say(_indented(turn.student))
                self.say("      reply:")
                self.say(_indented(turn.reply))

    def finish(self, run: Any, record: Any, earlier: Any, *, compare: bool) -> None:
        from tutor.core.rehearsal.compare import compare as compare_runs
        from tutor.core.rehearsal.results import case_json

        summary = run.summary
        comparison = compare_runs(earlier, record) if earlier is not None else None
        if self.as_json:
            self.rehearsals.append(
                {
                    "rehearsal": run.rehearsal.key,
                    "source": run.rehearsal.source,
                    "persona": run.rehearsal.persona,
                    "persona_hash": run.persona_hash,
                    "endpoint": run.endpoint,
                    "model": run.model,
                    "judge_model": run.judge_model,
                    "repeat": run.repeat,
                    "run_id": record.id,
                    "cases": [case_json(r) for r in run.results],
                    "summary": summary.to_json(),
                    "compare": comparison.to_json() if comparison else None,
                }
            )
            return
        for line in summary_lines(summary):
            self.say(line)
        self.say(f"kept as run {record.id}")
        if compare:
            for line in comparison_lines(comparison, run.rehearsal.key):
                self.say(line)
        self.say()

    def end(self) -> None:
        if self.as_json:
            failed = any(
                r["summary"]["checks_passed"] < r["summary"]["checks"] for r in self.rehearsals
            )
            output.print_json({"passed": not failed, "rehearsals": self.rehearsals})
        sys.stdout.flush()


def summary_lines(summary: Any) -> list[str]:
    """The summary of a run, in three or four lines."""
    lines = [
        f"summary: {summary.cases_passed} of {summary.cases} cases passed "
        f"({_percent(summary.pass_rate)}) · {summary.checks_passed} of {summary.checks} "
        f"checks passed ({_percent(summary.check_pass_rate)})"
    ]
    if summary.leak_checked_turns:
        leaked = len(summary.first_leaks)
        first = (
            f"turns until the first leak: {summary.turns_to_first_leak:g} (median of the "
            f"{leaked} of {summary.leak_checked_cases} conversations that leaked)"
            if leaked
            else f"no leak in {summary.leak_checked_cases} conversations checked"
        )
        lines.append(
            f"reveal rate: {summary.revealed_turns} of {summary.leak_checked_turns} tutor turns "
            f"checked for a leak ({_percent(summary.reveal_rate)}) · {first}"
        )
    else:
        lines.append(
            "reveal rate: no turn was checked for a leak (no-leak, or a rubric with leak: true)"
        )
    unknown = summary.turns_without_usage
    missing = f" ({unknown} tutor turns had no usage)" if unknown else ""
    lines.append(
        f"tokens: {summary.tokens:,} — tutor {summary.tutor_prompt_tokens:,} prompt + "
        f"{summary.tutor_completion_tokens:,} reply{missing} · simulated students "
        f"{summary.student_tokens:,} · judge {summary.judge_tokens:,}"
    )
    return lines


def comparison_lines(comparison: Any, key: str) -> list[str]:
    """What changed since the earlier run, or that there is none."""
    if comparison is None:
        return [f"compare: no earlier run of {key} to compare with"]
    earlier, later = comparison.earlier, comparison.later
    who = []
    if comparison.persona_edited:
        who.append(f"persona edited ({earlier.persona_hash} → {later.persona_hash})")
    else:
        who.append("persona unchanged")
    if comparison.model_changed:
        who.append(
            f"model {earlier.model} at {earlier.endpoint} → {later.model} at {later.endpoint}"
        )
    else:
        who.append("same model")
    lines = [
        f"compared with run {earlier.id} ({output.when(earlier.started_at)}): {', '.join(who)}"
    ]
    figures = []
    for name, label in (
        ("pass_rate", "cases passed"),
        ("check_pass_rate", "checks passed"),
        ("reveal_rate", "reveal rate"),
    ):
        before, after = comparison.rate(name)
        figures.append(f"{label} {_percent(before)} → {_percent(after)}")
    lines.append("  " + " · ".join(figures))
    for title, shifts in (("now failing", comparison.worse), ("now passing", comparison.better)):
        for s in shifts:
            lines.append(
                f'  {title}: "{output.shown(s.case)}" turn {s.turn} {output.shown(s.assertion)} '
                f"({s.before[0]}/{s.before[1]} → {s.after[0]}/{s.after[1]})"
            )
    if comparison.added or comparison.dropped:
        lines.append(f"  checks added: {comparison.added} · checks gone: {comparison.dropped}")
    if not (comparison.worse or comparison.better or comparison.added or comparison.dropped):
        lines.append("  every check passed and failed as before")
    return lines
