"""`tutor` with no arguments: run the app and return its exit code."""

from __future__ import annotations


def launch() -> int:
    """Open the Textual app (only Textual and the app's own modules load before it paints)."""
    from tutor.ui.app import TutorApp

    app = TutorApp()
    app.run()
    return app.return_code or 0
