"""The GitHub Pages workflow builds as the README tells a maintainer to, with the README's tools, and deploys with
GitHub's own Pages actions at pinned versions."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.support.site import ROOT

WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_build_command() -> tuple[str, str]:
    """(variable, command) of the README's "Deploying" command, `SITE_URL=<address> make build`."""
    found = re.search(r"^Deploying: `([A-Z_]+)=\S+ ([^`]+)`", README, re.MULTILINE)
    assert found, "the README's Deploying paragraph gives no build command"
    return found.group(1), found.group(2)


def steps(job: str) -> list[dict[str, Any]]:
    job_steps: list[dict[str, Any]] = WORKFLOW["jobs"][job]["steps"]
    return job_steps


def test_the_workflow_builds_with_the_readmes_command() -> None:
    variable, command = readme_build_command()
    assert (variable, command) == ("SITE_URL", "make build")
    (build,) = [step for step in steps("build") if "run" in step]
    assert list(build["env"]) == [variable] and build["run"].strip() == command
    # The Pages address, from GitHub's own action, with the trailing slash the README's address has.
    assert build["env"][variable] == "${{ steps.pages.outputs.base_url }}/"


def test_the_workflow_uses_the_readmes_python_and_node() -> None:
    setup = {step["uses"].split("@")[0]: step.get("with", {}) for step in steps("build") if "uses" in step}
    assert "Python 3.13" in README and setup["actions/setup-python"]["python-version"] == "3.13"
    assert "Node.js 20+" in README and setup["actions/setup-node"]["node-version"] == "20"


def test_the_workflow_deploys_with_githubs_pages_actions_pinned() -> None:
    used = [step["uses"] for job in WORKFLOW["jobs"] for step in steps(job) if "uses" in step]
    assert {action.split("@")[0] for action in used} >= {
        "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}
    assert [action for action in used if not re.fullmatch(r"actions/[a-z-]+@v\d+\.\d+\.\d+", action)] == []
    (upload,) = [step for step in steps("build") if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "site/"
    assert WORKFLOW["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
