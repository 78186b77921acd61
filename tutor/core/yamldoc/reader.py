"""Safe YAML loading that remembers where every key and value sits, for file:line:col errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.reader import ReaderError

from tutor.core.errors import Problem
from tutor.core.yamldoc.words import explain

MAX_BYTES = 1_000_000
YAML_SUFFIXES = (".yaml", ".yml")  # what a YAML file of tutor's is named
MAX_NODES = 100_000
MAX_DEPTH = 50  # levels of nesting; far more than any persona or config needs
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 (and UTF-32) byte order marks
_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Where = tuple[int, int]  # 1-based line, column
KeyPath = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """The data of a YAML file plus the position of each key and value, by path."""

    path: str
    data: Any
    keys: dict[KeyPath, Where] = field(default_factory=dict)
    values: dict[KeyPath, Where] = field(default_factory=dict)

    def where(self, path: KeyPath, *, key: bool = False) -> Where:
        """Position of the value (or key) at ``path``, falling back to its nearest parent."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: KeyPath, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.path, line, col, message)


class YamlProblems(Exception):
    """The file could not be read as YAML; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems


def _mark(m: Any) -> Where:
    return (m.line + 1, m.column + 1) if m is not None else (0, 0)


def _position_of_byte(raw: bytes, offset: int) -> Where:
    """Line and column (in characters, as YAML counts them) of the byte at ``offset``."""
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    col = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def _position_of_char(text: str, index: int) -> Where:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def read_yaml(path: Path | str, label: str | None = None) -> YamlDoc:
    """Read and parse ``path``; raise :class:`YamlProblems` with positions when it cannot."""
    name = label or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        fix = "check the path" if isinstance(exc, FileNotFoundError) else "check its permissions"
        message = f"cannot read the file: {reason} — {fix}"
        raise YamlProblems([Problem(name, 0, 0, message)]) from None
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> YamlDoc:
    """Parse YAML bytes named ``name`` (used in messages) into a :class:`YamlDoc`."""
    if len(raw) > MAX_BYTES:
        size = f"{len(raw) / 1_000_000:.1f} MB"
        msg = f"file is too large ({size}); keep it under {MAX_BYTES // 1_000_000} MB"
        raise YamlProblems([Problem(name, 1, 1, msg)])
    if raw.startswith(_WIDE_BOMS):
        msg = "the file is saved as UTF-16 or UTF-32; save it as UTF-8 text"
        raise YamlProblems([Problem(name, 1, 1, msg)])
    if b"\x00" in raw:
        line, col = _position_of_byte(raw, raw.index(b"\x00"))
        msg = "file holds binary data (a NUL byte); save it as UTF-8 text"
        raise YamlProblems([Problem(name, line, col, msg)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(raw, exc.start)
        msg = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise YamlProblems([Problem(name, line, col, msg)]) from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        (line, col), msg = explain(exc, text)
        raise YamlProblems([Problem(name, line, col, msg)]) from None
    except ReaderError as exc:
        # The reader stops at the first character it cannot take, so that character's first
        # occurrence is where it stopped (libyaml's own position counts bytes, not characters).
        bad = exc.character if isinstance(exc.character, int) else None
        index = text.find(chr(bad)) if bad is not None else -1
        line, col = _position_of_char(text, index) if index >= 0 else (1, 1)
        what = f"the control character U+{bad:04X}" if bad is not None else "a character"
        fix = f" (or write \\u{bad:04x} inside double quotes)" if bad is not None else ""
        msg = f"{what} is not allowed in YAML; delete it{fix}"
        raise YamlProblems([Problem(name, line, col, msg)]) from None
    except RecursionError:
        msg = "lists or mappings are nested too deeply; flatten the file"
        raise YamlProblems([Problem(name, 1, 1, msg)]) from None
    except yaml.YAMLError as exc:
        msg = f"YAML error: {' '.join(str(exc).split())} — check the file's syntax"
        raise YamlProblems([Problem(name, 1, 1, msg)]) from None
    doc = YamlDoc(path=name, data=None)
    if node is None:
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if builder.problems:
        raise YamlProblems(builder.problems)
    return doc


class _Builder:
    """Turns a composed node tree into plain data, recording positions and unsafe tags."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0
        self.too_deep = False
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                line, col = _mark(node.start_mark)
                msg = "too many values (aliases expanding without end?); simplify the file"
                self.problems.append(Problem(self.doc.path, line, col, msg))
            return None
        if len(path) > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                line, col = _mark(node.start_mark)
                msg = f"nested more than {MAX_DEPTH} levels deep; flatten the file"
                self.problems.append(Problem(self.doc.path, line, col, msg))
            return None
        self.doc.values.setdefault(path, _mark(node.start_mark))
        if node.tag not in _SAFE_TAGS:
            line, col = _mark(node.start_mark)
            msg = f"the tag '{node.tag}' is not allowed; remove it (only plain YAML is read)"
            self.problems.append(Problem(self.doc.path, line, col, msg))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            line, col = _mark(node.start_mark)
            self.problems.append(Problem(self.doc.path, line, col, f"bad value: {exc}"))
            return None

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = _mark(key_node.start_mark)
                msg = "merge keys ('<<') are not supported; write the keys out"
                self.problems.append(Problem(self.doc.path, line, col, msg))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node.start_mark)
                msg = "a key must be a plain word, not a list or mapping"
                self.problems.append(Problem(self.doc.path, line, col, msg))
                continue
            key = str(key_node.value)
            child = (*path, key)
            if key in out:
                line, col = _mark(key_node.start_mark)
                msg = f"duplicate key '{key}'; keep only one"
                self.problems.append(Problem(self.doc.path, line, col, msg))
                continue
            self.doc.keys[child] = _mark(key_node.start_mark)
            out[key] = self.build(value_node, child)
        return out
