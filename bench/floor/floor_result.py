"""Result floor: a ten-line typer app showing the same three selects, the same result text with rich, the menu."""

import json
from pathlib import Path

import questionary  # noqa: TID251 - this floor app is the bare prompt library
import typer
from rich.console import Console

app = typer.Typer()


@app.command()
def wizard(spec_file: Path) -> None:
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    for q in spec["questions"]:
        choices = [questionary.Separator(" ") if c is None else c for c in q["choices"]]
        questionary.select(q["text"], choices=choices, instruction=spec["instruction"]).unsafe_ask()
    Console(highlight=False).print(spec["result"], markup=False)
    menu = spec["menu"]
    questionary.select(menu["title"], choices=menu["choices"], instruction=spec["instruction"]).unsafe_ask()


if __name__ == "__main__":
    app()
