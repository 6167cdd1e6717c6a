"""`cmq-wizard run`: one consultation, scripted or at a terminal."""

from __future__ import annotations

from pathlib import Path

from cmq_wizard import answers as answers_mod
from cmq_wizard import terminal
from cmq_wizard.engine import NoRuleMatched, Result
from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.output import write_atomic
from cmq_wizard.render import format_for_path
from cmq_wizard.settings import Settings


def gather(
    settings: Settings, answers_file: Path | None, sets: list[str]
) -> tuple[dict[str, str], answers_mod.Given, list[str]]:
    """The answers given by file and `--set`, resolved to choice ids; plus warnings."""
    given = answers_mod.Given()
    if answers_file is not None:
        given.update(answers_mod.read_file(answers_file))
    given.update(answers_mod.parse_sets(sets))
    ruleset = settings.ruleset
    warnings = []
    version_warning = answers_mod.version_warning(given, ruleset)
    if version_warning:
        warnings.append(version_warning)
    resolved = answers_mod.Resolver(ruleset).resolve(given)
    return resolved, given, warnings


def missing_error(settings: Settings, answers: dict[str, str]) -> UserError | None:
    question = settings.engine.next_question(answers)
    if question is None:
        return None
    lang = settings.lang
    return UserError(
        t("answers.missing", question=question.id, text=question.spec.text.get(lang)),
        where="--no-input" if terminal.can_prompt() else "stdin",
        hint=t("answers.hint_missing", question=question.id, choices=", ".join(c.id for c in question.spec.choices)),
    )


def evaluate(settings: Settings, answers: dict[str, str], explain: bool) -> Result:
    try:
        return settings.engine.evaluate(answers, explain=explain)
    except NoRuleMatched as exc:
        shown = ", ".join(f"{k}={v}" for k, v in exc.answers.items())
        raise UserError(
            t("rules.no_outcome", answers=shown), where=str(settings.rules_dir), hint=t("rules.hint_no_outcome")
        ) from None


def render(settings: Settings, result: Result, fmt: str, *, explain: bool, warnings: list[str], width: int = 80) -> str:
    """The result as text in one of the formats that can be written to a file or a pipe."""
    ruleset = settings.ruleset
    if fmt == "json":
        from cmq_wizard.render import json as json_render

        return json_render.dumps(
            json_render.result_dict(result, ruleset, settings.lang, explain=explain, warnings=warnings)
        )
    from cmq_wizard.render import view as view_mod

    view = view_mod.build(result, ruleset, settings.lang, explain=explain)
    if fmt == "markdown":
        from cmq_wizard.render import markdown

        return markdown.render(view)
    if fmt == "html":
        from cmq_wizard.render import html

        return html.render(view)
    from cmq_wizard.render import text

    return text.render(view, width)


def show(settings: Settings, result: Result, fmt: str | None, *, explain: bool, warnings: list[str]) -> None:
    """Print the result on stdout, in colour on a terminal unless a format is asked for."""
    fmt = fmt or ("rich" if terminal.wants_colour() else "text")
    if fmt == "rich":
        from rich.console import Console

        from cmq_wizard.render import rich_, view

        console = Console(width=terminal.width(), highlight=False)
        rich_.render(view.build(result, settings.ruleset, settings.lang, explain=explain), console)
        return
    terminal.write(render(settings, result, fmt, explain=explain, warnings=warnings, width=terminal.width()))


def save(
    settings: Settings, result: Result, path: Path, fmt: str | None, *, explain: bool, warnings: list[str]
) -> None:
    fmt = fmt or format_for_path(path) or "text"
    if fmt == "rich":
        fmt = "text"
    write_atomic(path, render(settings, result, fmt, explain=explain, warnings=warnings))
    terminal.note(t("output.saved", path=path))


def save_answers(settings: Settings, answers: dict[str, str], path: Path) -> None:
    from cmq_wizard import yamlio

    data = answers_mod.to_file_data(answers, settings.ruleset)
    if path.suffix.lower() == ".json":
        import json

        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yamlio.dump(data)
    write_atomic(path, text)
    terminal.note(t("output.answers_saved", path=path))


def run(
    settings: Settings,
    *,
    answers_file: Path | None = None,
    sets: list[str] | None = None,
    no_input: bool = False,
    fmt: str | None = None,
    output: Path | None = None,
    save_answers_to: Path | None = None,
    explain: bool = False,
) -> int:
    answers, given, warnings = gather(settings, answers_file, sets or [])
    if settings.engine.next_question(answers) is not None:
        if no_input or not terminal.can_prompt():
            error = missing_error(settings, answers)
            assert error is not None
            raise error
        from cmq_wizard import prompts

        answers = prompts.complete(settings.engine, answers)
    result = evaluate(settings, answers, explain)
    warnings += [answers_mod.ignored_warning(key, given) for key in given.values if key not in result.answers]
    for warning in warnings:
        terminal.warn(warning)
    if save_answers_to is not None:
        save_answers(settings, result.answers, save_answers_to)
    if output is not None:
        save(settings, result, output, fmt, explain=explain, warnings=warnings)
    else:
        show(settings, result, fmt, explain=explain, warnings=warnings)
    return 0
