"""Memory floor for batch: the same ten-line typer app, doing the bare JSON Lines round trip."""

import json
from pathlib import Path

import typer

app = typer.Typer()


@app.command()
def roundtrip(path: Path) -> None:
    with open(path, "rb") as lines:
        for line in lines:
            print(json.dumps(json.loads(line), ensure_ascii=False))


if __name__ == "__main__":
    app()
