"""Plain-mode floor: the same questions as numbered lines read with input(), the result with rich, the menu."""

import json
import sys

from rich.console import Console

with open(sys.argv[1], encoding="utf-8") as stream:
    spec = json.load(stream)
for q in spec["questions"]:
    print(q["text"])
    print("\n".join(f"  {n}. {c}" for n, c in enumerate((c for c in q["choices"] if c), 1)))
    input("> ")
Console(highlight=False).print(spec["result"], markup=False)
print(spec["menu"]["title"])
print("\n".join(f"  {n}. {c}" for n, c in enumerate(spec["menu"]["choices"], 1)))
input("> ")
