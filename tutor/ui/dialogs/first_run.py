"""First run: no endpoint answered. Say what was tried; take a URL, key and model; test; save."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from tutor.core.config.file import Config
from tutor.core.inert import inert
from tutor.ui.widgets.field import Field


class FirstRunScreen(Screen[Config | None]):
    """Returns the config as saved (with the new endpoint as default), or None to quit."""

    CSS_PATH = "dialogs.tcss"  # loaded when a dialog first opens, not before the first paint

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "check", "Test", id="endpoint-test", tooltip="List the models"),
        Binding("ctrl+s", "save", "Test & save", id="endpoint-save", tooltip="Save to config"),
        Binding("escape", "quit_app", "Quit", id="endpoint-quit", tooltip="Quit tutor"),
    ]

    def __init__(self, problem: str | None, tried: Sequence[str], config_path: str) -> None:
        super().__init__(id="first-run")
        self.problem = problem
        self.tried = list(tried)
        self.config_path = config_path
        self.models: list[str] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="first-run-body"):
            yield Static(Text("No model server answered", style="bold"), id="first-run-title")
            if self.problem:
                yield Static(Text(inert(self.problem)), id="first-run-problem")
            tried = Text("Tried:\n", style="bold")
            for line in self.tried:
                tried.append(f"  • {inert(line)}\n", style="")
            yield Static(tried, id="first-run-tried")
            with Vertical(id="first-run-form"):
                yield Static("Base URL (OpenAI-compatible, usually ending in /v1)")
                yield Field(placeholder="http://127.0.0.1:11434/v1", id="base-url", compact=True)
                yield Static("API key (leave empty for a local server)")
                yield Field(password=True, placeholder="sk-…", id="api-key", compact=True)
                yield Static("Model (empty: the first one the server lists)")
                yield Field(placeholder="e.g. llama3.1:8b or gpt-4o-mini", id="model", compact=True)
            with Horizontal(id="first-run-buttons"):
                yield Button("Test", id="test", variant="primary")
                yield Button("Test & save", id="save", variant="success")
                yield Button("Quit", id="quit")
            yield Static(id="first-run-result")
            yield Static(Text(f"Saved to {self.config_path} (readable only by you)", style="dim"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#base-url", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "test":
            self.action_check()
        elif event.button.id == "save":
            self.action_save()
        else:
            self.action_quit_app()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_check(self) -> None:
        self.check_endpoint(save=False)

    def action_save(self) -> None:
        self.check_endpoint(save=True)

    def action_quit_app(self) -> None:
        self.dismiss(None)

    def _result(self, text: str, style: str) -> None:
        self.query_one("#first-run-result", Static).update(Text(inert(text), style=style))

    @work(exclusive=True, group="first-run")
    async def check_endpoint(self, save: bool) -> None:
        from tutor.core.endpoint.client import ModelClient
        from tutor.core.endpoint.spec import NO_KEY, EndpointSpec, normalise_url
        from tutor.core.errors import TutorError

        url = self.query_one("#base-url", Input).value.strip()
        key = self.query_one("#api-key", Input).value.strip()
        model_input = self.query_one("#model", Input)
        if not url:
            self._result("enter the server's base URL first, e.g. http://127.0.0.1:11434/v1", "red")
            return
        self._result("asking the server for its models…", "dim")
        try:
            base_url = normalise_url(url)
            client = ModelClient(EndpointSpec("first-run", base_url, None, api_key=key or NO_KEY))
            try:
                self.models = await client.model_ids()
            finally:
                await client.aclose()
        except TutorError as error:
            self._result(f"✗ {error}", "red")
            return
        model = model_input.value.strip()
        if not self.models and not model:
            self._result(f"✗ {base_url} lists no models — load one, or type its name", "red")
            return
        if model and self.models and model not in self.models:
            listed = ", ".join(self.models[:8])
            self._result(f"✗ '{model}' is not on {base_url} — available: {listed}", "red")
            return
        if not model:
            model = self.models[0]
            model_input.value = model
        shown = ", ".join(self.models[:6]) + (" …" if len(self.models) > 6 else "")
        self._result(f"✓ {base_url} answered — models: {shown or model}", "green")
        if save:
            await self._save(base_url, key, model)

    async def _save(self, base_url: str, key: str, model: str) -> None:
        from tutor.core.config.writer import save_endpoint
        from tutor.core.errors import TutorError

        try:
            config = save_endpoint(base_url, model=model, api_key=key or None)
        except (TutorError, OSError) as error:
            self._result(f"✗ could not save the config: {error}", "red")
            return
        self.dismiss(config)
