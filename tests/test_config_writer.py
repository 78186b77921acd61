"""Saving an endpoint from the first-run screen into the config file, and remembered choices."""

from __future__ import annotations

import stat

import pytest
import yaml

from tutor.core.config import paths
from tutor.core.config.file import load_config
from tutor.core.config.preferences import Preferences
from tutor.core.config.writer import endpoint_name, save_endpoint
from tutor.core.errors import ConfigError


def test_a_first_save_writes_a_private_file_that_loads():
    config = save_endpoint("http://127.0.0.1:8080/v1", model="qwen", api_key="sk-1")
    path = paths.config_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert config.default_endpoint == "local"
    assert config.endpoints["local"].base_url == "http://127.0.0.1:8080/v1"
    assert config.endpoints["local"].api_key == "sk-1"
    assert not path.with_name(path.name + ".bak").exists()


def test_saving_merges_into_an_existing_config_and_keeps_a_backup():
    path = paths.config_file()
    original = (
        "# my settings\n"
        "endpoints:\n"
        "  openai:\n"
        "    base_url: https://api.openai.com/v1\n"
        "    api_key_env: OPENAI_API_KEY\n"
        "    model: gpt-4o-mini\n"
        "default_endpoint: openai\n"
        "theme: nord\n"
        "keymap:\n"
        "  regenerate: f8\n"
    )
    path.write_text(original, encoding="utf-8")
    path.chmod(0o644)
    config = save_endpoint("http://localhost:11434/v1", model="llama3.1:8b")
    assert set(config.endpoints) == {"openai", "local"}
    assert config.default_endpoint == "local"
    assert config.theme == "nord" and config.keymap == {"regenerate": "f8"}
    assert config.endpoints["openai"].api_key_env == "OPENAI_API_KEY"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    backup = path.with_name(path.name + ".bak")
    assert backup.read_text(encoding="utf-8") == original  # comments survive there
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["endpoints"]["local"] == {
        "base_url": "http://localhost:11434/v1",
        "model": "llama3.1:8b",
    }
    assert load_config().default_endpoint == "local"


def test_a_broken_config_is_not_overwritten():
    path = paths.config_file()
    path.write_text("endpoints: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        save_endpoint("http://127.0.0.1:8080/v1")
    assert str(path) in str(caught.value)
    assert path.read_text(encoding="utf-8") == "endpoints: [unclosed\n"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("http://127.0.0.1:8080/v1", "local"),
        ("http://localhost:1234/v1", "local"),
        ("https://api.openai.com/v1", "openai"),
        ("https://openrouter.ai/api/v1", "openrouter"),
        ("https://api.groq.com/openai/v1", "groq"),
        ("http://gpu-box:8000/v1", "gpu-box"),
    ],
)
def test_endpoint_names(url: str, name: str):
    assert endpoint_name(url) == name


def test_preferences_are_remembered_and_survive_damage():
    prefs = Preferences()
    assert prefs.text("theme") is None and prefs.flag("sidebar", True) is True
    prefs.remember(theme="nord", sidebar=False)
    again = Preferences()
    assert again.text("theme") == "nord" and again.flag("sidebar", True) is False
    again.path.write_text("{not json", encoding="utf-8")
    assert Preferences().text("theme") is None
