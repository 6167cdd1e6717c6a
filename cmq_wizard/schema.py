"""JSON Schemas of the content files, generated from the pydantic models the loader validates with.

One source of truth: `model.py`. The schemas in `schemas/` are this module's output, and a
test fails when they drift. Regenerate them with

    python -m cmq_wizard.schema            # writes schemas/*.schema.json
    python -m cmq_wizard.schema --check    # exit 1 when the committed files differ

An editor with a YAML language server picks them up from the first line of each content file
(`# yaml-language-server: $schema=../schemas/rules.schema.json`), and validates and completes
the files as they are typed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cmq_wizard.model import CONDITION_MARK, FaqFile, QuestionsFile, RulesetFile, RulesFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_PATTERN = r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$"
CONDITION_REF = "#/$defs/Condition"

# The file name of each schema, and the model of the file it describes.
SCHEMAS: dict[str, type[BaseModel]] = {
    "ruleset.schema.json": RulesetFile,
    "questions.schema.json": QuestionsFile,
    "rules.schema.json": RulesFile,
    "faq.schema.json": FaqFile,
}

TITLES = {
    "ruleset.schema.json": "cmq-wizard rule set (ruleset.yaml)",
    "questions.schema.json": "cmq-wizard questions (questions.yaml)",
    "rules.schema.json": "cmq-wizard rules (any other *.yaml of a rule set)",
    "faq.schema.json": "cmq-wizard FAQ (faq.yaml)",
}

# The condition language of `conditions.parse`, as JSON Schema. Recursive: `all`, `any` and
# `not` hold conditions. Every other key is a question id, whose value is one choice or a
# non-empty list of choices (a YAML yes/no boolean or a number is read as the choice it spells).
CONDITION_DEFS: dict[str, Any] = {
    "Condition": {
        "title": "Condition",
        "description": (
            "A condition: {question: choice}, {question: [choice, ...]} (one of), several keys "
            "(all of them), or the combinators all: [...], any: [...], not: {...}."
        ),
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": ID_PATTERN},
        "properties": {
            "all": {
                "description": "Every one of these conditions holds.",
                "type": "array",
                "minItems": 1,
                "items": {"$ref": CONDITION_REF},
            },
            "any": {
                "description": "At least one of these conditions holds.",
                "type": "array",
                "minItems": 1,
                "items": {"$ref": CONDITION_REF},
            },
            "not": {"description": "This condition does not hold.", "$ref": CONDITION_REF},
        },
        "additionalProperties": {"$ref": "#/$defs/ChoiceMatch"},
    },
    "ChoiceMatch": {
        "title": "ChoiceMatch",
        "description": "The answer to the question (the key) is this choice, or one of these choices.",
        "anyOf": [
            {"$ref": "#/$defs/ChoiceId"},
            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/ChoiceId"}},
        ],
    },
    "ChoiceId": {
        "title": "ChoiceId",
        "description": "A choice id; an unquoted YAML yes/no means the choice `yes`/`no`.",
        "anyOf": [{"type": "string", "minLength": 1}, {"type": "boolean"}, {"type": "number"}],
    },
}


def _place_conditions(node: Any) -> tuple[Any, bool]:
    """`node` with each condition mark of `model.py` turned into a `$ref`; and whether any was."""
    if isinstance(node, dict):
        if node.get(CONDITION_MARK) is True:
            ref = {"$ref": CONDITION_REF}
            if "description" in node:
                ref["description"] = node["description"]
            return ref, True
        found = False
        out = {}
        for key, value in node.items():
            out[key], seen = _place_conditions(value)
            found = found or seen
        return out, found
    if isinstance(node, list):
        items = [_place_conditions(item) for item in node]
        return [item for item, _ in items], any(seen for _, seen in items)
    return node, False


def generate(name: str) -> dict[str, Any]:
    """The JSON Schema `name` (one of SCHEMAS), as a JSON-ready dict."""
    model = SCHEMAS[name]
    body, has_conditions = _place_conditions(model.model_json_schema())
    schema: dict[str, Any] = {"$schema": DRAFT, "$id": name, "title": TITLES[name]}
    schema.update({k: v for k, v in body.items() if k != "title"})
    if has_conditions:
        schema["$defs"] = {**schema.get("$defs", {}), **CONDITION_DEFS}
    return schema


def render(name: str) -> str:
    """The text of the schema file `name`, exactly as committed."""
    return json.dumps(generate(name), ensure_ascii=False, indent=2) + "\n"


def schemas_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "schemas"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    folder = schemas_dir()
    stale = []
    for name in SCHEMAS:
        path = folder / name
        text = render(name)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not check:
            from cmq_wizard.output import write_atomic

            folder.mkdir(exist_ok=True)
            write_atomic(path, text)
    verb = "out of date" if check else "written"
    for name in stale:
        print(f"{folder / name}: {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
