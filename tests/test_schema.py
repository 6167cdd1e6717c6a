"""The JSON Schemas in schemas/ are generated from the models the loader validates with, are
up to date, accept every shipped content file, and refuse what the loader refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cmq_wizard import conditions, schema, yamlio

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"

CONTENT = [
    *sorted((ROOT / "rules").glob("*.yaml")),
    ROOT / "faq.yaml",
    *sorted((ROOT / "examples").glob("*/rules/*.yaml")),
    *sorted((ROOT / "examples").glob("*/faq.yaml")),
]


def schema_name(path: Path) -> str:
    if path.name == "faq.yaml":
        return "faq.schema.json"
    if path.name in ("ruleset.yaml", "questions.yaml"):
        return path.stem + ".schema.json"
    return "rules.schema.json"


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", list(schema.SCHEMAS))
def test_committed_schema_is_the_generated_one(name: str) -> None:
    assert (SCHEMAS / name).read_text(encoding="utf-8") == schema.render(name), (
        "regenerate with: python -m cmq_wizard.schema"
    )


def test_check_mode_says_up_to_date() -> None:
    assert schema.main(["--check"]) == 0


@pytest.mark.parametrize("name", list(schema.SCHEMAS))
def test_each_schema_is_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_content_file_names_its_schema_and_passes_it(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    referenced = (path.parent / first.partition("$schema=")[2]).resolve()
    assert referenced == (SCHEMAS / schema_name(path)).resolve()
    data = yamlio.load(path, max_bytes=10 * yamlio.MB, what="content")
    errors = [e.message for e in validator(schema_name(path)).iter_errors(data)]
    assert errors == []


def test_the_condition_definition_is_recursive() -> None:
    rules = json.loads((SCHEMAS / "rules.schema.json").read_text(encoding="utf-8"))
    condition = rules["$defs"]["Condition"]
    assert condition["properties"]["all"]["items"] == {"$ref": "#/$defs/Condition"}
    assert condition["properties"]["not"]["$ref"] == "#/$defs/Condition"
    assert rules["$defs"]["Rule"]["properties"]["when"]["$ref"] == "#/$defs/Condition"


CONDITIONS: list[Any] = [
    {"goal": "join"},
    {"goal": ["join", "propose"]},
    {"goal": "join", "profile": ["company", "institution"]},
    {"all": [{"goal": "join"}, {"not": {"profile": "lycee"}}]},
    {"any": [{"goal": "project"}, {"all": [{"goal": "join"}, {"profile": "lycee"}]}]},
    {"activity_in_theme": True},
    {},
    {"any": []},
    {"all": {"goal": "join"}},
    {"not": [{"goal": "join"}]},
    {"goal": []},
    {"goal": None},
    {"goal": {"join": 1}},
    {"goal": [""]},
    "goal",
]


@pytest.mark.parametrize("cond", CONDITIONS, ids=repr)
def test_the_schema_and_the_condition_parser_agree(cond: Any) -> None:
    try:
        conditions.parse(cond)
        parsed = True
    except conditions.ConditionError:
        parsed = False
    rule = {"id": "r", "when": cond, "verdict": "info", "title": "T"}
    valid = validator("rules.schema.json").is_valid({"rules": [rule]})
    assert valid == parsed


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rules.schema.json", {"rules": [{"id": "r", "when": {"goal": "join"}, "verdict": "info", "titel": "T"}]}),
        ("rules.schema.json", {"rules": [{"id": "r", "when": {"goal": "join"}, "verdict": "maybe", "title": "T"}]}),
        ("rules.schema.json", {"rules": [{"id": "Bad Id", "when": {"goal": "join"}, "verdict": "info", "title": "T"}]}),
        ("questions.schema.json", {"questions": [{"id": "q", "text": "Q ?", "choices": []}]}),
        ("faq.schema.json", {"source": {"title": "T", "updated": "x"}, "entries": [{"id": "e", "question": "Q"}]}),
        ("ruleset.schema.json", {"version": "1", "name": "N", "title": "T", "verdicts": {"maybe": {}}}),
    ],
)
def test_the_schemas_refuse_what_the_loader_refuses(name: str, data: dict[str, Any]) -> None:
    assert not validator(name).is_valid(data)


def test_a_text_may_be_a_plain_french_string_or_both_languages() -> None:
    rule = {"id": "r", "when": {"goal": "join"}, "verdict": "info"}
    check = validator("rules.schema.json").is_valid
    assert check({"rules": [{**rule, "title": "Titre"}]})
    assert check({"rules": [{**rule, "title": {"fr": "Titre", "en": "Title"}}]})
    assert not check({"rules": [{**rule, "title": {"en": "Title"}}]})
