"""Floor for batch: the ten-line typer app doing the bare JSON Lines round trip (a bad line gives an error line)."""

import json
from pathlib import Path

import typer

app = typer.Typer()


@app.command()
def roundtrip(path: Path) -> None:
    with open(path, "rb") as lines:
        for n, line in enumerate(lines, 1):
            try:
                print(json.dumps(json.loads(line), ensure_ascii=False))
            except ValueError as exc:
                print(json.dumps({"line": n, "error": str(exc)}, ensure_ascii=False))


if __name__ == "__main__":
    app()
