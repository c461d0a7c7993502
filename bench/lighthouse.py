"""Bench section: Lighthouse scores of every page, as a phone on a slow network sees them.

The site is built for the address it is served at (SITE_URL, so canonical links match the origin) and served
by tools/static_host.py (compressed, with cache headers), then Lighthouse 12 (npm, pinned) runs each nav page,
quiz pages included, with its default mobile settings in Debian's Chromium. Performance varies from run to
run with the load on the machine, so each page is run three times and the run with the median Performance
score is reported, as Lighthouse's own guidance suggests. Targets: Performance >= 98, Accessibility, Best
Practices and SEO 100. Below the table, each audit that costs points, per page.

Run alone: `make lighthouse` (it installs Lighthouse into bench/lighthouse-tool/, outside `make setup`).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import NotRequired, TypedDict

from bench.site import ROOT, build_site
from tests.support.site import nav_pages
from tools.chromium import CHROMIUM_ARGS, chromium_path
from tools.static_host import StaticHost

LIGHTHOUSE = ROOT / "bench" / "lighthouse-tool" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = {"performance": "Perf", "accessibility": "A11y", "best-practices": "BP", "seo": "SEO"}
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
RUNS_PER_PAGE = 3


# The parts of Lighthouse's JSON report read here (it holds much more).
class AuditRef(TypedDict):
    id: str
    weight: float


class Category(TypedDict):
    score: float
    auditRefs: list[AuditRef]


class Audit(TypedDict):
    title: str
    score: float | None
    displayValue: NotRequired[str]


class Report(TypedDict):
    categories: dict[str, Category]
    audits: dict[str, Audit]


def lighthouse_report(url: str) -> Report:
    """Lighthouse's JSON report for `url`, mobile (its default form factor and throttling)."""
    result = subprocess.run(
        [
            "node", str(LIGHTHOUSE), url,
            "--output=json", "--output-path=stdout", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ],
        env={**os.environ, "CHROME_PATH": chromium_path()}, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report: Report = json.loads(result.stdout)
    return report


def median_report(url: str) -> Report:
    reports = sorted((lighthouse_report(url) for _ in range(RUNS_PER_PAGE)), key=lambda r: scores(r)["performance"])
    return reports[len(reports) // 2]


def scores(report: Report) -> dict[str, int]:
    return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}


def lost_points(report: Report) -> list[str]:
    """The audits, in the scored categories, that did not pass: what to fix."""
    lost = set()
    for key in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            score = audit["score"]
            if ref["weight"] > 0 and score is not None and score < 1:
                lost.add(f"{audit['title']} ({audit.get('displayValue') or score})")
    return sorted(lost)


def table(rows: dict[str, dict[str, int]]) -> str:
    width = max(len(page) for page in rows)
    lines = [f"{'page':<{width}}  " + "  ".join(f"{name:>4}" for name in CATEGORIES.values())]
    for page, row in rows.items():
        lines.append(f"{page:<{width}}  " + "  ".join(
            f"{row[key]:>3}{' ' if row[key] >= TARGETS[key] else '!'}" for key in CATEGORIES))
    lines.append(f"targets: {', '.join(f'{CATEGORIES[k]} >= {v}' for k, v in TARGETS.items())}; '!' misses one")
    return "\n".join(lines)


def run() -> None:
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse is missing: run `make lighthouse`")
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary) / "site"
        # The host picks its port when it starts; the site is then built for exactly that address.
        with StaticHost(site) as host:
            build_site(site, site_url=host.url)
            reports = {page or "/": median_report(host.url + page) for page in nav_pages()}
    print(f"Lighthouse (mobile; median Performance of {RUNS_PER_PAGE} runs per page)")
    print(table({page: scores(report) for page, report in reports.items()}))
    for page, report in reports.items():
        for audit in lost_points(report):
            print(f"  {page}: {audit}")


if __name__ == "__main__":
    run()
