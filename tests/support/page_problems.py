"""What went wrong in a page that a reader would not see, collected for the browser tests to assert."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Page


@dataclass
class PageProblems:
    """What went wrong in the page that a reader would not see: uncaught errors and console errors."""

    uncaught: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.uncaught.append(str(error)))
        page.on("console", lambda message: self._on_console(page, message))

    def _on_console(self, page: Page, message: ConsoleMessage) -> None:
        # A mistyped address answers with the site's 404 page and status 404, by design; Chromium logs
        # that status as an error of the document itself.
        own_status = message.text.startswith("Failed to load resource") and message.location.get("url") == page.url
        if message.type == "error" and not own_status:
            self.console_errors.append(message.text)

    def seen(self) -> list[str]:
        """Every problem, uncaught errors first."""
        return [*self.uncaught, *self.console_errors]
