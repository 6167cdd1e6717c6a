"""The address of the static page with a visitor's answers: the kiosk's QR code opens it.

The format is a public contract shared with the static page (`cmq-wizard site`), which reads it:

    site_url + "#" + "qid=choice_id&qid=choice_id…"

in question order (the order of the path, as `Result.answers` keeps it), ids only, each
URL-encoded. A fragment never reaches the web server: the answers stay on the visitor's phone.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote


def page_url(site_url: str, answers: Mapping[str, str]) -> str:
    """`site_url` with the answers as its fragment, e.g. `https://x.org/cmq/#profile=company&goal=join`.

    `answers` must be in question order (as the engine gives them); a fragment already in
    `site_url` is replaced.
    """
    base = site_url.split("#", 1)[0]
    pairs = "&".join(f"{quote(str(qid), safe='')}={quote(str(cid), safe='')}" for qid, cid in answers.items())
    return f"{base}#{pairs}"
