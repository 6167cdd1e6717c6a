"""Keystroke floor: bare questionary selects, the same questions and choices as the wizard's path."""

import json
import sys

import questionary  # noqa: TID251 - this floor app is the bare prompt library

with open(sys.argv[1], encoding="utf-8") as stream:
    spec = json.load(stream)
for q in spec["questions"]:
    choices = [questionary.Separator(" ") if c is None else c for c in q["choices"]]
    questionary.select(q["text"], choices=choices, instruction=spec["instruction"]).unsafe_ask()
questionary.select(spec["menu"]["title"], choices=spec["menu"]["choices"], instruction=spec["instruction"]).unsafe_ask()
