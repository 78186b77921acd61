"""The keys problem.yaml may hold: ours, the Kattis ones read past, and other names for concepts."""

from __future__ import annotations

PROBLEM_KEYS = (
    "name",
    "difficulty",
    "concepts",
    "kind",
    "entry_point",
    "source",
    "credits",
    "license",
    "limits",
    "compare",
)
# Keys of the Kattis format that tutor reads past, so that a package loads as it is.
KATTIS_KEYS = (
    "uuid",
    "keywords",
    "rights_owner",
    "validation",
    "validator_flags",
    "problem_format_version",
    "type",
    "author",
    "source_url",
    "languages",
    "allow_file_writing",
    "constants",
    "embargo_until",
)
LIMIT_KEYS = ("time_limit", "memory")
KATTIS_LIMIT_KEYS = (
    "time_multiplier",
    "time_multipliers",
    "time_safety_margin",
    "time_resolution",
    "output",
    "code",
    "compilation_time",
    "compilation_memory",
    "validation_time",
    "validation_memory",
    "validation_output",
    "validation_passes",
)
COMPARE_KEYS = ("float_tolerance", "unordered", "case_sensitive")
UNSUPPORTED_TYPES = ("interactive", "multi-pass", "submit-answer")
# Names other packs use for our concepts, so a typo-free but foreign word gets a useful hint.
CONCEPT_NAMES = {
    "hashmap": "hashing",
    "hash-map": "hashing",
    "hash-table": "hashing",
    "dynamic-programming": "dp",
    "graph": "graphs",
    "tree": "trees",
    "string": "strings",
    "toposort": "topological-sort",
    "topo-sort": "topological-sort",
    "dsu": "union-find",
    "disjoint-set": "union-find",
    "bits": "bit-manipulation",
    "bfs-grid": "bfs",
    "prefix-sum": "prefix-sums",
    "two-pointer": "two-pointers",
}
