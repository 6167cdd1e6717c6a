"""`cmq-wizard run`: one consultation, scripted or at a terminal."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from cmq_wizard import answers as answers_mod
from cmq_wizard import terminal
from cmq_wizard.engine import NoRuleMatched, Result
from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.output import write_atomic
from cmq_wizard.render import format_for_path
from cmq_wizard.settings import Settings

if TYPE_CHECKING:
    from cmq_wizard.prompts import Prompter
    from cmq_wizard.render import view as view_mod


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


def missing_error(settings: Settings, answers: dict[str, str], *, no_input: bool = False) -> UserError | None:
    """The first unanswered question, as an error that says how to give it without a prompt."""
    question = settings.engine.next_question(answers)
    if question is None:
        return None
    text = question.spec.text.get(settings.lang)
    choices = answers_mod.Resolver(settings.ruleset).allowed_hint(question)
    hint = t("answers.hint_missing_options", question=question.id, choices=choices)
    if no_input or terminal.can_prompt():
        return UserError(t("answers.missing", question=question.id, text=text), where="--no-input", hint=hint)
    return UserError(t("answers.missing_no_tty", question=question.id, text=text), hint=hint)


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

    view = view_mod.build(result, ruleset, settings.lang, explain=explain, warnings=warnings)
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
        from cmq_wizard.render import rich_, view

        console = terminal.rich_console(width=terminal.width(), highlight=False)
        rich_.render(view.build(result, settings.ruleset, settings.lang, explain=explain), console)
        return
    # On the screen the warnings are already on stderr; a JSON result carries them (SPEC §5).
    shown = warnings if fmt == "json" else []
    terminal.write(render(settings, result, fmt, explain=explain, warnings=shown, width=terminal.width()))


def save(
    settings: Settings,
    result: Result,
    path: Path,
    fmt: str | None,
    *,
    explain: bool,
    warnings: list[str],
    quiet: bool = False,
) -> None:
    fmt = fmt or format_for_path(path) or "text"
    if fmt == "rich":
        fmt = "text"
    write_atomic(path, render(settings, result, fmt, explain=explain, warnings=warnings))
    if not quiet:
        terminal.note(t("output.saved", path=path))


def save_answers(settings: Settings, answers: dict[str, str], path: Path, *, quiet: bool = False) -> None:
    from cmq_wizard import yamlio

    data = answers_mod.to_file_data(answers, settings.ruleset)
    if path.suffix.lower() == ".json":
        import json

        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yamlio.dump(data)
    write_atomic(path, text)
    if not quiet:
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
    if output is not None:
        check_output(output, fmt)
    answers, given, warnings = gather(settings, answers_file, sets or [])
    if settings.engine.next_question(answers) is not None:
        if no_input or not terminal.is_tty(sys.stdin):
            error = missing_error(settings, answers, no_input=no_input)
            assert error is not None
            raise error
        if not terminal.is_tty(sys.stdout):
            raise UserError(t("run.stdout_not_tty"), where="stdout", hint=t("run.hint_stdout_not_tty"))
        return interactive(
            settings,
            answers,
            given=given,
            warnings=warnings,
            fmt=fmt,
            output=output,
            save_answers_to=save_answers_to,
            explain=explain,
        )
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


def check_output(path: Path, fmt: str | None) -> None:
    """`--output` names a file the program can write: a known extension, agreeing with `--format`."""
    from cmq_wizard.render import EXTENSIONS

    suffix = path.suffix.lower()
    if not suffix:
        return
    if suffix not in EXTENSIONS:
        raise UserError(
            t("output.bad_extension", ext=suffix),
            where="--output",
            hint=t("output.hint_extensions", allowed=", ".join(EXTENSIONS)),
        )
    wanted = "text" if fmt == "rich" else fmt
    if wanted is not None and EXTENSIONS[suffix] != wanted:
        raise UserError(
            t("output.format_mismatch", path=path, ext_format=EXTENSIONS[suffix], format=fmt),
            where="--output",
            hint=t("output.hint_format_mismatch"),
        )


def given_note(settings: Settings, answers: dict[str, str], given: answers_mod.Given | None) -> list[str]:
    """« Réponses reprises (fichier a.yaml) : Profil = Entreprise », said once before the questions."""
    if not answers or given is None:
        return []
    lang = settings.lang
    shown = []
    for qid, cid in answers.items():
        spec = settings.ruleset.question_by_id[qid].spec
        choice = next((c for c in spec.choices if c.id == cid), None)
        name = spec.short.get(lang) if spec.short else spec.text.get(lang)
        shown.append(f"{name} = {choice.menu_label(lang) if choice else cid}")
    where = ", ".join(dict.fromkeys(w.split(":")[0] for k, w in given.where.items() if k in answers))
    return [t("wizard.given", where=where, answers=", ".join(shown))]


def default_handout_name(result: Result, fmt: str, folder: Path | None = None) -> Path:
    """A file name that says what the handout is and does not overwrite an earlier one."""
    from datetime import date

    suffix = ".html" if fmt == "html" else ".md"
    parts = [t("save.file_stem"), *list(result.answers.values())[:2], date.today().isoformat()]
    stem = "-".join(parts)
    folder = folder or Path(".")
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def interactive(
    settings: Settings,
    answers: dict[str, str],
    *,
    given: answers_mod.Given | None = None,
    warnings: list[str] | None = None,
    fmt: str | None = None,
    output: Path | None = None,
    save_answers_to: Path | None = None,
    explain: bool = False,
    prompter: Prompter | None = None,
) -> int:
    """The wizard at a terminal: ask, show the result on one screen, then the menu.

    The menu: read the FAQ, why, change an answer, save, start again, quit. Each screen starts
    clean; the arrow-key and the plain prompter are two doors onto this one flow.
    `--output` and `--save-answers` are written (again) each time a result is reached, so that
    they always hold the latest one.
    """
    from cmq_wizard import prompts

    # The result's renderers, imported while the person reads the first question: not before it
    # is drawn, and not after the last answer either (SPEC §8).
    prompts.while_reading(_import_result_screen)
    asker = prompter or (prompts.PlainPrompter() if settings.plain_mode else prompts.Prompter())
    engine = settings.engine
    notes = list(warnings or []) + given_note(settings, engine.prune(answers), given)
    answers = prompts.complete(engine, answers, asker, notes=notes)
    first = True
    while True:
        result = evaluate(settings, answers, explain)
        status: list[str] = []
        if first and given is not None:
            status += [answers_mod.ignored_warning(k, given) for k in given.values if k not in result.answers]
        first = False
        if save_answers_to is not None:
            save_answers(settings, result.answers, save_answers_to, quiet=True)
            status.append(t("output.answers_saved", path=save_answers_to))
        if output is not None:
            save(settings, result, output, fmt, explain=explain, warnings=[], quiet=True)
            status.append(t("output.saved", path=output))
        from cmq_wizard.render import summary
        from cmq_wizard.render import view as view_mod

        view = view_mod.build(result, settings.ruleset, settings.lang, explain=True)
        shown = True
        while True:
            if shown or not asker.plain:
                width, height = asker.size()
                ascii_only = not _utf8()
                lines = summary.fit(view, width, height, prompts.MENU_HEIGHT + len(status), ascii_only=ascii_only)
                asker.show(lines + [[("dim", line)] for line in status])
            shown = False
            action = prompts.after_result(asker)
            if action == prompts.QUIT:
                return 0
            if action == prompts.RESTART:
                answers = prompts.complete(engine, {}, asker)
                break
            if action == prompts.FAQ:
                prompts.page(asker, faq_lines(view))
                continue
            if action == prompts.WHY:
                prompts.page(asker, why_lines(view))
                continue
            if action == prompts.EDIT:
                changed = prompts.edit(engine, result.answers, asker)
                if changed is None:
                    shown = True
                    continue
                answers = changed
                break
            picked = prompts.save_dialog(asker, partial(default_handout_name, result))
            shown = True
            status = []
            if picked is not None:
                try:
                    save(settings, result, Path(picked[1]), picked[0], explain=explain, warnings=[], quiet=True)
                    status = [t("output.saved", path=picked[1])]
                except UserError as exc:
                    status = [str(exc), exc.hint or ""]


def _import_result_screen() -> None:
    from cmq_wizard.render import summary, view  # noqa: F401


def _utf8() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    return encoding in ("utf-8", "utf8")


Line = list[tuple[str, str]]


def faq_lines(view: view_mod.View) -> list[Line]:
    """The FAQ entries of the result, word for word, and their source."""
    out: list[Line] = [[("label", t("view.faq"))]]
    for entry in view.faq:
        out += [[], [("label", entry.question)], [("", entry.answer)]]
        if entry.aside:
            out.append([("dim", f"({entry.aside})")])
    return [*out, [], [("dim", view.source)]]


def why_lines(view: view_mod.View) -> list[Line]:
    """« Pourquoi ? »: the verdict, the rules that applied and the answers they read, in words."""
    out: list[Line] = [[(f"verdict.{view.verdict}", f"{view.verdict_label} — {view.verdict_summary}")]]
    for reason in view.reasons:
        out.append([("", reason)])
    out += [[], [("label", t("text.label", label=t("view.explain")))]]
    out += [[("", f"• {line}")] for line in view.explain]
    # Vos réponses: only those the lines above have not already said.
    said = " ".join(view.explain)
    rest = [(question, answer) for question, answer in view.answers if f"{question} {answer}" not in said]
    if rest:
        out += [[], [("label", t("text.label", label=t("why.answers")))]]
        out += [[("", f"• {question} {answer}")] for question, answer in rest]
    return out
