"""Saving an endpoint into the config file: merged with what is there, written with mode 0600.

The first-run screen uses it. The other keys and endpoints of an existing file are kept, the
new endpoint becomes ``default_endpoint``, and the previous file is kept beside it as
``config.yaml.bak`` (PyYAML cannot keep comments, so the backup is where they survive).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from tutor.core.config import paths
from tutor.core.config.file import Config, load_config
from tutor.core.config.private_file import write_private
from tutor.core.errors import ConfigError, Problem
from tutor.core.yamldoc.reader import YamlProblems, read_yaml

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


def endpoint_name(base_url: str) -> str:
    """A short name for an endpoint: ``local`` for this machine, else from the host name."""
    host = (urlsplit(base_url).hostname or "").lower()
    if not host or host in LOCAL_HOSTS:
        return "local"
    parts = [p for p in host.split(".") if p not in ("api", "www")]
    name = parts[-2] if len(parts) >= 2 else (parts[0] if parts else "remote")
    return re.sub(r"[^a-z0-9_-]", "-", name) or "remote"


def save_endpoint(
    base_url: str,
    *,
    model: str | None = None,
    api_key: str | None = None,
    name: str | None = None,
    path: Path | None = None,
) -> Config:
    """Add (or replace) one endpoint, make it the default, and return the config as re-read."""
    path = path or paths.config_file()
    data = _existing(path)
    name = name or endpoint_name(base_url)
    entry: dict[str, Any] = {"base_url": base_url}
    if model:
        entry["model"] = model
    if api_key:
        entry["api_key"] = api_key
    endpoints = data.get("endpoints")
    if not isinstance(endpoints, dict):
        endpoints = {}
    endpoints[name] = entry
    data["endpoints"] = endpoints
    data["default_endpoint"] = name
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    if path.exists():
        write_private(path.with_name(path.name + ".bak"), path.read_bytes())
    write_private(path, text)
    return load_config(path)


def _existing(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = read_yaml(path).data
    except YamlProblems as exc:
        raise ConfigError(exc.problems) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        problem = Problem(str(path), 1, 1, "the config must be a mapping — fix it before saving")
        raise ConfigError([problem])
    return dict(data)
