"""Where a persona or a practice problem comes from, as the student is shown it."""

from __future__ import annotations

BUILT_IN = "built-in"  # shipped inside the package (the other sources are folders, named by path)
