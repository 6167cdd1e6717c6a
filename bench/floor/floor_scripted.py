"""Stack floor (SPEC §8): a ten-line typer app that loads one YAML file and prints it as JSON."""

import json
from pathlib import Path

import typer
import yaml

app = typer.Typer()


@app.command()
def show(path: Path) -> None:
    print(json.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader), ensure_ascii=False))


if __name__ == "__main__":
    app()
