"""The composer's wrapped text, its height added up once per change instead of once per line drawn.

Textual's ``WrappedDocument.height`` sums every line's wrap offsets each time it is read, and
``TextArea`` reads it for every line it draws. With a 1 MB paste in the composer (about 22,000
lines) each read cost ~8 ms, so one key press or cursor blink stalled the app ~0.1 s. Here the
sum is kept until the wrapping changes (``wrap`` and ``wrap_range`` are the only places that
change it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.document._wrapped_document import WrappedDocument

if TYPE_CHECKING:
    from textual.document._document import Location


class MeasuredWrap(WrappedDocument):
    """A ``WrappedDocument`` whose height is remembered between changes."""

    _height: int | None = None

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._height = None
        super().wrap(width, tab_width)
        self._height = None

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        self._height = None
        super().wrap_range(start, old_end, new_end)
        self._height = None

    @property
    def height(self) -> int:
        if self._height is None:
            self._height = sum(len(offsets) + 1 for offsets in self._wrap_offsets)
        return self._height


def measured(wrapped: WrappedDocument) -> WrappedDocument:
    """``wrapped`` as a MeasuredWrap (TextArea makes a plain one whenever its text is loaded)."""
    if type(wrapped) is WrappedDocument:
        wrapped.__class__ = MeasuredWrap
    return wrapped
