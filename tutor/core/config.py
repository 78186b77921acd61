"""The user's config file: named endpoints, defaults, theme and keymap, validated with positions."""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core import paths
from tutor.core.errors import ConfigError, Problem
from tutor.core.yamlfile import YamlDoc, YamlProblems, read_yaml

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
    default_persona: str = DEFAULT_PERSONA
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


_TOP = {"endpoints", "default_endpoint", "default_persona", "theme", "keymap"}
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
            self.fail((), "the config must be a mapping of keys such as 'endpoints:'")
            raise ConfigError(self.problems)
        self._unknown_keys((), data, _TOP)
        endpoints = data.get("endpoints") or {}
        if not isinstance(endpoints, dict):
            self.fail(("endpoints",), "'endpoints' must map names to endpoint settings")
            endpoints = {}
        for name, raw in endpoints.items():
            endpoint = self._endpoint(name, raw)
            if endpoint:
                config.endpoints[name] = endpoint
        config.default_endpoint = self._text(("default_endpoint",), data.get("default_endpoint"))
        if config.default_endpoint and config.default_endpoint not in endpoints:
            names = ", ".join(endpoints) or "none configured"
            self.fail(
                ("default_endpoint",),
                f"default_endpoint '{config.default_endpoint}' is not under 'endpoints:' "
                f"(configured: {names})",
            )
        config.default_persona = (
            self._text(("default_persona",), data.get("default_persona")) or DEFAULT_PERSONA
        )
        config.theme = self._text(("theme",), data.get("theme"))
        config.keymap = self._str_map(("keymap",), data.get("keymap"))
        if self.problems:
            raise ConfigError(self.problems)
        if any(e.api_key for e in config.endpoints.values()):
            config.warnings.extend(_key_exposure(self.path))
        return config

    def _unknown_keys(self, where: tuple[str | int, ...], data: dict[str, Any], known: set[str]):
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = (
                    f" — did you mean '{close[0]}'?"
                    if close
                    else f" — known: {', '.join(sorted(known))}"
                )
                self.fail((*where, key), f"unknown key '{key}'{hint}", key=True)

    def _endpoint(self, name: str, raw: Any) -> EndpointConfig | None:
        where: tuple[str | int, ...] = ("endpoints", name)
        if not isinstance(raw, dict):
            self.fail(where, f"endpoint '{name}' must be a mapping with at least 'base_url:'")
            return None
        self._unknown_keys(where, raw, _ENDPOINT)
        base_url = self._text((*where, "base_url"), raw.get("base_url"))
        if not base_url:
            self.fail(where, f"endpoint '{name}' needs 'base_url:' (e.g. http://127.0.0.1:8080/v1)")
            return None
        if not base_url.startswith(("http://", "https://")):
            self.fail((*where, "base_url"), "'base_url' must start with http:// or https://")
            return None
        window = raw.get("context_window")
        if window is not None and (
            not isinstance(window, int) or isinstance(window, bool) or window < 256
        ):
            self.fail(
                (*where, "context_window"),
                "'context_window' must be a whole number of tokens ≥ 256",
            )
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
            self.fail(where, f"'{where[-1]}' must be text, got {type(value).__name__} {value!r}")
            return None
        return value.strip() or None

    def _seconds(self, where: tuple[str | int, ...], value: Any, default: float) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            self.fail(where, f"'{where[-1]}' must be a number of seconds > 0, got {value!r}")
            return default
        return float(value)

    def _str_map(self, where: tuple[str | int, ...], value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.fail(where, f"'{where[-1]}' must map names to text values")
            return {}
        return dict(value)


def _key_exposure(path: Path) -> list[str]:
    """Warn when a config holding a literal API key can be read by other users."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return []
    if os.name == "posix" and mode & (stat.S_IRGRP | stat.S_IROTH):
        return [
            f"{path} holds an API key and is readable by other users — run: chmod 600 {path} "
            "(or use api_key_env to read the key from an environment variable)"
        ]
    return []
