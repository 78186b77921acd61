"""The Textual app: screens, widgets, dialogs and palette commands over the core's use-case."""
