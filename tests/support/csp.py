"""Reading the Content-Security-Policy a built page carries, for the build and header tests."""

from __future__ import annotations

import re


def policy_of(html: str) -> str:
    """The policy of the page's <meta http-equiv="Content-Security-Policy">."""
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert found, "no Content-Security-Policy meta tag"
    return found.group(1)
