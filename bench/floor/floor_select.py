"""Stack floor (SPEC §8): the same ten-line typer app, showing one questionary select."""

import questionary  # noqa: TID251 - this floor app is the bare prompt library
import typer

app = typer.Typer()


@app.command()
def ask(question: str = "Qui êtes-vous ?") -> None:
    print(questionary.select(question, choices=["Entreprise", "Lycée", "Autre"]).unsafe_ask())


if __name__ == "__main__":
    app()
