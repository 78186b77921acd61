"""`tutor` draws up to 120 frames a second (Textual's TEXTUAL_FPS) unless the user set it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# launch() runs in a fresh interpreter with the app replaced by one that prints the beat
# Textual read when it was imported (the real app would take the terminal).
PROBE = """
import sys, types
import tutor.ui.launch as launch
assert "textual" not in sys.modules, "Textual was imported before launch() set the beat"
class TutorApp:
    return_code = 0
    def run(self):
        import textual.constants
        print(textual.constants.MAX_FPS)
probe = types.ModuleType("tutor.ui.app")
probe.TutorApp = TutorApp
sys.modules["tutor.ui.app"] = probe
sys.exit(launch.launch())
"""


def _beat(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_app_draws_up_to_120_frames_a_second() -> None:
    assert _beat() == "120"


def test_the_users_own_setting_wins() -> None:
    assert _beat(TEXTUAL_FPS="30") == "30"
