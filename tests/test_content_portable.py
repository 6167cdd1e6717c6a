"""The shipped content reads the same with PyYAML's pure-Python loader as with libyaml.

PyYAML built without libyaml falls back to SafeLoader, which is stricter about some flow
mappings (`{fr: Qui êtes-vous ?}` is an error there): the content must load with both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

FILES = sorted(
    [
        *ROOT.glob("rules/*.yaml"),
        ROOT / "faq.yaml",
        ROOT / "cmq_wizard/locale/messages.yaml",
        *ROOT.glob("examples/**/*.yaml"),
    ]
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pure_python_and_c_loaders_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader)
