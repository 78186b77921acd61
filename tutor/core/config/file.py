"""The user's config file: named endpoints, defaults, theme and keymap, validated with positions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.config import paths
from tutor.core.config.values import (
    EXAMPLE_URL,
    MAP_EXAMPLE,
    key_exposure,
    quote_hint,
    url_trouble,
    window_trouble,
)
from tutor.core.errors import ConfigError, Problem
from tutor.core.yamldoc.reader import YamlDoc, YamlProblems, read_yaml
from tutor.core.yamldoc.words import shown

DEFAULT_PERSONA = "socratic"
DEFAULT_TIMEOUT = 60.0
DEFAULT_STALL_TIMEOUT = 30.0


@dataclass(frozen=True)
class EndpointConfig:
    """One named endpoint from the config file."""

    name: str
    base_url: str
    model: str | None = None
    api_key_env: str | None = None
    api_key: str | None = field(default=None, repr=False)  # never printed
    context_window: int | None = None
    timeout: float = DEFAULT_TIMEOUT  # seconds to wait for the first byte of a reply
    stall_timeout: float = DEFAULT_STALL_TIMEOUT  # seconds without a byte once streaming
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Config:
    """Everything the config file says; an absent file is an empty config."""

    path: Path
    exists: bool = False
    endpoints: dict[str, EndpointConfig] = field(default_factory=dict)
    default_endpoint: str | None = None
    judge_endpoint: str | None = None  # the endpoint that answers the judge's questions
    judge_model: str | None = None  # its model, when not the endpoint's own
    default_persona: str = DEFAULT_PERSONA
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


_TOP = {
    "endpoints",
    "default_endpoint",
    "judge_endpoint",
    "judge_model",
    "default_persona",
    "theme",
    "keymap",
}
_ENDPOINT = {
    "base_url",
    "model",
    "api_key_env",
    "api_key",
    "context_window",
    "timeout",
    "stall_timeout",
    "headers",
}


def load_config(path: Path | None = None) -> Config:
    """Read the config file (``$TUTOR_CONFIG`` or the user config dir); raise ConfigError."""
    path = path or paths.config_file()
    if not path.exists():
        return Config(path=path)
    try:
        doc = read_yaml(path)
    except YamlProblems as exc:
        raise ConfigError(exc.problems) from None
    return _ConfigReader(doc, path).read()


class _ConfigReader:
    def __init__(self, doc: YamlDoc, path: Path) -> None:
        self.doc = doc
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, where: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(where, message, key=key))

    def read(self) -> Config:
        data = self.doc.data
        config = Config(path=self.path, exists=True)
        if data is None:
            return config
        if not isinstance(data, dict):
            self.fail(
                (), f"the config must be a mapping of keys such as 'endpoints:', not {shown(data)}"
            )
            raise ConfigError(self.problems)
        self._unknown_keys((), data, _TOP)
        endpoints = data.get("endpoints") or {}
        if not isinstance(endpoints, dict):
            self.fail(
                ("endpoints",),
                f"'endpoints' must map names to endpoint settings, got {shown(endpoints)}"
                " — write each name on its own line ('local:') with 'base_url:' under it",
            )
            endpoints = {}
        for name, raw in endpoints.items():
            endpoint = self._endpoint(name, raw)
            if endpoint:
                config.endpoints[name] = endpoint
        config.default_endpoint = self._endpoint_name("default_endpoint", data, endpoints)
        config.judge_endpoint = self._endpoint_name("judge_endpoint", data, endpoints)
        config.judge_model = self._text(("judge_model",), data.get("judge_model"))
        if config.judge_model and "judge_endpoint" not in data:
            self.fail(
                ("judge_model",),
                "'judge_model' goes with 'judge_endpoint' — add 'judge_endpoint: NAME' naming "
                "the endpoint the judge's model runs on",
            )
        config.default_persona = (
            self._text(("default_persona",), data.get("default_persona")) or DEFAULT_PERSONA
        )
        config.theme = self._text(("theme",), data.get("theme"))
        config.keymap = self._str_map(("keymap",), data.get("keymap"))
        if self.problems:
            raise ConfigError(self.problems)
        if any(e.api_key for e in config.endpoints.values()):
            config.warnings.extend(key_exposure(self.path))
        return config

    def _endpoint_name(self, key: str, data: dict[str, Any], endpoints: Any) -> str | None:
        """The endpoint named by the top-level ``key``, which must be one under 'endpoints:'."""
        name = self._text((key,), data.get(key))
        if name and name not in endpoints:
            names = ", ".join(endpoints)
            choose = f"name one of: {names}, or add" if names else "add"
            self.fail(
                (key,), f"{key} '{name}' is not under 'endpoints:' — {choose} '{name}:' there"
            )
            return None
        return name

    def _unknown_keys(
        self, where: tuple[str | int, ...], data: dict[str, Any], known: set[str]
    ) -> set[str]:
        """Report each key not in ``known``; return the known keys they were taken for."""
        meant: set[str] = set()
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                meant.update(close)
                hint = (
                    f" — did you mean '{close[0]}'?"
                    if close
                    else f" — known: {', '.join(sorted(known))}"
                )
                self.fail((*where, key), f"unknown key '{key}'{hint}", key=True)
        return meant

    def _endpoint(self, name: str, raw: Any) -> EndpointConfig | None:
        where: tuple[str | int, ...] = ("endpoints", name)
        if not isinstance(raw, dict):
            self.fail(
                where,
                f"endpoint '{name}' must be a mapping, got {shown(raw)}"
                " — put 'base_url: ...' on the next line, indented under it",
            )
            return None
        meant = self._unknown_keys(where, raw, _ENDPOINT)
        base_url = self._text((*where, "base_url"), raw.get("base_url"))
        if not base_url:
            if "base_url" not in raw and "base_url" not in meant:
                self.fail(
                    where, f"endpoint '{name}' has no base_url — add 'base_url: {EXAMPLE_URL}'"
                )
            return None
        trouble = url_trouble(base_url)
        if trouble:
            self.fail((*where, "base_url"), f"'base_url' {trouble} — write it like {EXAMPLE_URL}")
            return None
        window = raw.get("context_window")
        if window is not None and window_trouble(window):
            self.fail((*where, "context_window"), window_trouble(window) or "")
            window = None
        return EndpointConfig(
            name=name,
            base_url=base_url.rstrip("/"),
            model=self._text((*where, "model"), raw.get("model")),
            api_key_env=self._text((*where, "api_key_env"), raw.get("api_key_env")),
            api_key=self._text((*where, "api_key"), raw.get("api_key")),
            context_window=window,
            timeout=self._seconds((*where, "timeout"), raw.get("timeout"), DEFAULT_TIMEOUT),
            stall_timeout=self._seconds(
                (*where, "stall_timeout"), raw.get("stall_timeout"), DEFAULT_STALL_TIMEOUT
            ),
            headers=self._str_map((*where, "headers"), raw.get("headers")),
        )

    def _text(self, where: tuple[str | int, ...], value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(where, f"'{where[-1]}' must be text, got {shown(value)}{quote_hint(value)}")
            return None
        return value.strip() or None

    def _seconds(self, where: tuple[str | int, ...], value: Any, default: float) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            name = where[-1]
            self.fail(
                where,
                f"'{name}' must be a number of seconds > 0, got {shown(value)}"
                f" — e.g. '{name}: {default:g}'",
            )
            return default
        return float(value)

    def _str_map(self, where: tuple[str | int, ...], value: Any) -> dict[str, str]:
        if value is None:
            return {}
        name = where[-1]
        if not isinstance(value, dict):
            example = MAP_EXAMPLE.get(str(name), "a mapping")
            self.fail(
                where, f"'{name}' must map names to texts, got {shown(value)} — e.g. {example}"
            )
            return {}
        for key, text in value.items():
            if not isinstance(text, str):
                self.fail(
                    (*where, key),
                    f"'{name}.{key}' must be text, got {shown(text)}{quote_hint(text)}",
                )
        return {k: v for k, v in value.items() if isinstance(v, str)}
