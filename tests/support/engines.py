"""The reader's other browsers: Firefox ESR and WebKitGTK, driven through one small interface so each core path is
written once and taken in both (tests/engines/). Chromium stays with Playwright (tests/browser/).

- Firefox ESR: npm's puppeteer-core over WebDriver BiDi, no geckodriver; tests/support/firefox_bridge.mjs runs it
  and takes orders as JSON lines. One Firefox per set of preferences; each reader gets a fresh browser context.
- WebKitGTK: Selenium's WebKitGTK driver against Debian's WebKitWebDriver, which starts MiniBrowser in automation
  mode on an Xvfb display (MiniBrowser's own headless mode hangs here). One session per test module.

A script given to `evaluate` is the body of an async function of `args`, run in the page: `return` gives the result.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.webkitgtk.options import Options as WebKitOptions
from selenium.webdriver.webkitgtk.service import Service as WebKitService

from tests.support.site import ROOT

BRIDGE = ROOT / "tests" / "support" / "firefox_bridge.mjs"
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER = os.environ.get("MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
# How long a wait lasts before it fails: the engine's first start on a busy 2-core machine takes several seconds.
WAIT_S = 30.0


class Reader(ABC):
    """One reader's tab in one engine, with a profile of its own."""

    engine: str

    @abstractmethod
    def goto(self, url: str) -> None: ...

    @abstractmethod
    def reload(self) -> None: ...

    @abstractmethod
    def evaluate(self, body: str, *args: Any) -> Any: ...

    @abstractmethod
    def click(self, selector: str) -> None:
        """Clicks the element as a pointer does (at its centre, so only if nothing covers it)."""

    @abstractmethod
    def press(self, key: str) -> None:
        """Presses one key (Puppeteer's names: "Tab", "Enter", "ArrowRight", " ") in the focused element."""

    @abstractmethod
    def close(self) -> None:
        """Closes the tab, or leaves its origin where the browser has just the one."""

    def problems(self) -> list[str]:
        """The uncaught errors and console errors the page reported, where the driver can tell."""
        return []

    def text(self, selector: str) -> str | None:
        """The element's textContent (None if there is none), as Playwright's to_have_text reads it."""
        text: str | None = self.evaluate("return document.querySelector(args[0])?.textContent ?? null", selector)
        return text

    def wait_for(self, body: str, *args: Any, timeout: float = WAIT_S, what: str = "") -> Any:
        """Until the script returns something truthy; returns it. Fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(body, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: waited {timeout:.0f} s for {what or body}; last got {value!r}")
            time.sleep(0.1)

    def wait_for_text(self, selector: str, expected: str, timeout: float = WAIT_S) -> None:
        """Until the element's textContent is `expected`, whitespace trimmed; fails saying what it was."""
        deadline = time.monotonic() + timeout
        while (text := self.text(selector)) is None or text.strip() != expected:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: {selector} says {text!r}, not {expected!r}")
            time.sleep(0.1)


class EngineBrowser(ABC):
    """One running browser of an engine, which opens readers' tabs."""

    engine: str
    version: str

    @abstractmethod
    def open(self, width: int, height: int) -> Reader:
        """A tab showing `width` × `height` CSS pixels of page."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def launch(engine: str, *, webassembly: bool = True) -> EngineBrowser:
    """A browser of the engine ("firefox" or "webkit"); with `webassembly=False`, one whose JavaScript engine has
    WebAssembly switched off, as some locked-down browsers do (Firefox's pref, JavaScriptCore's option)."""
    if engine == "firefox":
        return FirefoxBridge({} if webassembly else {"javascript.options.wasm": False})
    if engine == "webkit":
        return WebKitBrowser({} if webassembly else {"JSC_useWasm": "false"})
    raise ValueError(f"no such engine: {engine}")


class FirefoxBridge(EngineBrowser):
    """One Firefox ESR, behind tests/support/firefox_bridge.mjs; each tab has a browser context of its own."""

    engine = "firefox"

    def __init__(self, prefs: Mapping[str, object] | None = None) -> None:
        self._process = subprocess.Popen(
            ["node", str(BRIDGE), json.dumps(dict(prefs or {}))], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "FIREFOX": FIREFOX},
        )
        self._orders = 0
        hello = self._line()
        if "ready" not in hello:
            raise RuntimeError(f"Firefox did not start: {hello}")
        self.version = hello["ready"]

    def _line(self) -> dict[str, Any]:
        assert self._process.stdout
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the Firefox bridge stopped (exit code {self._process.wait()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def send(self, op: str, **fields: Any) -> Any:
        assert self._process.stdin
        self._orders += 1
        self._process.stdin.write(json.dumps({"id": self._orders, "op": op, **fields}) + "\n")
        self._process.stdin.flush()
        answer = self._line()
        assert answer["id"] == self._orders, answer
        if "error" in answer:
            raise RuntimeError(f"firefox {op}: {answer['error']}")
        return answer["value"]

    def open(self, width: int, height: int) -> FirefoxReader:
        return FirefoxReader(self, self.send("open", width=width, height=height))

    def close(self) -> None:
        assert self._process.stdin
        self._process.stdin.close()  # the bridge closes Firefox at the end of its input
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


class FirefoxReader(Reader):
    engine = "firefox"

    def __init__(self, bridge: FirefoxBridge, page: str) -> None:
        self._bridge, self._page = bridge, page

    def goto(self, url: str) -> None:
        self._bridge.send("goto", page=self._page, url=url)

    def reload(self) -> None:
        self._bridge.send("reload", page=self._page)

    def evaluate(self, body: str, *args: Any) -> Any:
        return self._bridge.send("evaluate", page=self._page, body=body, args=list(args))

    def click(self, selector: str) -> None:
        self._bridge.send("click", page=self._page, selector=selector)

    def press(self, key: str) -> None:
        self._bridge.send("press", page=self._page, key=key)

    def problems(self) -> list[str]:
        seen: list[str] = self._bridge.send("problems", page=self._page)
        return seen

    def close(self) -> None:
        self._bridge.send("close", page=self._page)


class Xvfb:
    """A virtual X display of the given size, for MiniBrowser (its --headless hangs here)."""

    def __init__(self, width: int = 1280, height: int = 1024) -> None:
        xvfb = shutil.which("Xvfb") or "/usr/bin/Xvfb"
        read_end, write_end = os.pipe()
        self._process = subprocess.Popen(
            [xvfb, "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            pass_fds=[write_end], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        with os.fdopen(read_end) as chosen:
            number = chosen.readline().strip()  # Xvfb writes the display it took once it is ready
        if not number:
            raise RuntimeError(f"Xvfb did not start (exit code {self._process.wait()})")
        self.display = f":{number}"

    def close(self) -> None:
        self._process.terminate()
        self._process.wait()


# Where Selenium's Key names differ from Puppeteer's, which Reader.press takes.
SELENIUM_KEYS = {"Tab": "\ue004", "Enter": "\ue007", "ArrowLeft": "\ue012", "ArrowUp": "\ue013",
                 "ArrowRight": "\ue014", "ArrowDown": "\ue015", " ": " "}


class WebKitBrowser(EngineBrowser):
    """MiniBrowser in one WebDriver session on a display of its own. Its one window is every tab it opens, so a
    test that needs a fresh profile uses a fresh origin (the `host` fixture of tests/engines/)."""

    engine = "webkit"

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._display = Xvfb()
        try:
            options = WebKitOptions()
            options.binary_location = MINIBROWSER
            # Full-screen, MiniBrowser has no toolbar, and the page gets all of any window size; with it the
            # toolbar keeps the window 447 px wide at the least (too wide for a phone) and takes 38 px of height.
            options.add_argument("--automation")
            options.add_argument("--full-screen")
            service = WebKitService(
                executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": self._display.display, **(env or {})})
            self._driver = webdriver.WebKitGTK(options=options, service=service)
        except BaseException:
            self._display.close()
            raise
        self.version = str(self._driver.capabilities.get("browserVersion", "?"))

    def open(self, width: int, height: int) -> WebKitReader:
        self._driver.set_window_size(width, height)  # full-screen, the window is all page: no toolbar
        shown = self._driver.execute_script("return [innerWidth, innerHeight]")
        if shown != [width, height]:
            raise RuntimeError(f"MiniBrowser shows {shown[0]} × {shown[1]} CSS px of page, not {width} × {height}")
        return WebKitReader(self._driver)

    def close(self) -> None:
        try:
            self._driver.quit()
        finally:
            self._display.close()


class WebKitReader(Reader):
    engine = "webkit"

    def __init__(self, driver: webdriver.WebKitGTK) -> None:
        self._driver = driver

    def goto(self, url: str) -> None:
        self._driver.get(url)

    def reload(self) -> None:
        self._driver.refresh()

    def evaluate(self, body: str, *args: Any) -> Any:
        # WebDriver's Execute Script waits for a returned promise, as Puppeteer's evaluate does.
        return self._driver.execute_script(f"return (async (args) => {{ {body} }})(arguments[0])", list(args))

    def click(self, selector: str) -> None:
        element = self._driver.find_element(By.CSS_SELECTOR, selector)
        # WebKitWebDriver scrolls an element below the fold only just into view, and where the page's layout
        # shifts meanwhile (a quiz's status line appears on the first tick) the element is off the view by the
        # time it clicks, failing as "not interactable": bring it to the middle first, as a reader would.
        self._driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def press(self, key: str) -> None:
        self._driver.switch_to.active_element.send_keys(SELENIUM_KEYS.get(key, key))

    def close(self) -> None:
        self._driver.get("about:blank")  # leaves the test's origin, its workers stopped


def site_without(site_dir: Path, copy: Path, *missing: str) -> Path:
    """A copy of the built site (hard links, so instant) without the files at the given site-relative globs."""
    shutil.copytree(site_dir, copy, copy_function=os.link)
    for pattern in missing:
        found = list(copy.glob(pattern))
        assert found, f"nothing in the site matches {pattern}"
        for file in found:
            file.unlink()
    return copy
