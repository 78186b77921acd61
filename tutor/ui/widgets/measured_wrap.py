"""The composer's wrapped text, its height added up once per change instead of once per line drawn.

Textual's ``WrappedDocument.height`` sums every line's wrap offsets each time it is read, and
``TextArea`` reads it for every line it draws. With a 1 MB paste in the composer (about 22,000
lines) each read cost ~8 ms, so one key press or cursor blink stalled the app ~0.1 s. Here the
sum is kept until the wrapping changes (``wrap`` and ``wrap_range`` are the only places that
change it). Only Textual's public API is used: the class is re-exported by
``textual.widgets.text_area``, the sum is made of ``get_offsets`` (8 ms per change for those
22,000 lines; summing the private list it wraps took 0.9 ms), and the composer hands
``TextArea`` one of these wherever it sets ``wrapped_document`` (see ``Composer``).
``tests/ui/test_textual_contract.py`` fails, naming this module, if Textual changes under it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets.text_area import WrappedDocument

if TYPE_CHECKING:
    from textual.widgets.text_area import Location


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
            try:
                lines = range(self.document.line_count)
                self._height = sum(len(self.get_offsets(line)) + 1 for line in lines)
            except ValueError:  # the document changed and is not wrapped again yet
                return super().height
        return self._height


def measured(wrapped: WrappedDocument) -> WrappedDocument:
    """A MeasuredWrap of the same document (TextArea makes a plain one whenever its text is
    loaded, and wraps it to its width right after: this one is wrapped then instead)."""
    if isinstance(wrapped, MeasuredWrap):
        return wrapped
    return MeasuredWrap(wrapped.document)
