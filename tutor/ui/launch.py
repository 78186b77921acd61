"""`tutor` with no arguments: run the app and return its exit code."""

from __future__ import annotations

import os

# Textual draws a frame at most every 1/TEXTUAL_FPS s, on a fixed beat: a change just after a
# frame waits one to two beats (Textual's timer skips to the beat after the next one). At its
# default of 60 that put 17–33 ms between the frame that clears the composer and the one with
# the reply's first words; 120 halves it. Frames are still drawn only when something changed
# (a streaming reply draws at most every 20 ms), so an idle app costs nothing more.
FRAMES_A_SECOND = "120"


def launch() -> int:
    """Open the Textual app (only Textual and the app's own modules load before it paints)."""
    os.environ.setdefault("TEXTUAL_FPS", FRAMES_A_SECOND)  # read when Textual is imported
    from tutor.ui.app import TutorApp

    app = TutorApp()
    app.run()
    return app.return_code or 0
