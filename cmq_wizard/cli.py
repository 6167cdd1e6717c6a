"""The command line: options in, calls to `commands/` out, errors to exit codes. Nothing else.

Every command body imports what it needs when it runs, so that a scripted run never loads
the prompt library, rich, or the code of the other commands.

No `from __future__ import annotations` here: typer reads every parameter's annotation, and
would `eval` each one as a string at every start (SPEC §8, speed).
"""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from cmq_wizard import __version__, cliformat, i18n
from cmq_wizard.errors import EXIT_INTERRUPTED, EXIT_USAGE, UserError
from cmq_wizard.i18n import t
from cmq_wizard.settings import DEFAULT_FAQ, DEFAULT_RULES, Settings


def _initial_lang(argv: list[str]) -> str:
    """The language asked for, read before typer parses anything, so that --help is translated."""
    lang = os.environ.get("CMQ_WIZARD_LANG", i18n.DEFAULT_LANG)
    lang = lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANG
    for i, arg in enumerate(argv):
        given = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if given in i18n.LANGUAGES:  # an unknown one is refused in the language asked so far
            lang = given
    return lang


i18n.set_lang(_initial_lang(sys.argv[1:]))


class Lang(StrEnum):
    fr = "fr"
    en = "en"


class Format(StrEnum):
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


class GraphFormat(StrEnum):
    mermaid = "mermaid"
    dot = "dot"


class TableFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


class _Group(cliformat._Help, TyperGroup):
    """Turns the errors of every command into one message and an exit code, in one place;
    speaks the language shown in help and usage errors; reads global options after the command."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        if parent is None:
            i18n.set_lang(_initial_lang(args))  # a usage error before the callback runs is in the language asked
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except cliformat.UsageError as exc:
            raise _translated(exc) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = cliformat.hoist_global_options(self, ctx, args)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            raise cliformat.TranslatedUsageError(cliformat.unknown_command(name, list(self.commands), ctx.command_path))
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except cliformat.UsageError as exc:
            sub = f"{ctx.command_path} {ctx.invoked_subcommand}" if ctx.invoked_subcommand else ctx.command_path
            raise _translated(exc, sub) from None
        except UserError as exc:
            from cmq_wizard import terminal

            terminal.report(exc)
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, EOFError):
            from cmq_wizard import terminal

            terminal.note("\n" + t("error.interrupted"))
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort, TyperException, SystemExit):
            raise
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # not one of our files (those are UserErrors): stdout, written by rich
            from cmq_wizard import terminal

            terminal.report(terminal.stdout_error(exc))
            raise typer.Exit(EXIT_USAGE) from None
        except Exception as exc:
            if _settings(ctx).debug:
                import traceback

                traceback.print_exc(file=sys.stderr)
            from cmq_wizard import terminal

            detail = str(exc).splitlines()[0] if str(exc) else ""
            terminal.report(
                UserError(t("error.internal", kind=type(exc).__name__, detail=detail), hint=t("error.hint_internal"))
            )
            raise typer.Exit(70) from None


def _translated(exc: Any, command_path: str | None = None) -> Any:
    """A click usage error in our words (a help page asked by no arguments stays as it is)."""
    if isinstance(exc, (cliformat.TranslatedUsageError, cliformat.NoArgsIsHelpError)):
        return exc
    return cliformat.TranslatedUsageError(cliformat.translate(exc, command_path))


def _silence_stdout() -> None:
    """After a closed pipe (`| head -1`), point stdout at /dev/null so that exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _settings(ctx: Any) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj


app = typer.Typer(
    name="cmq-wizard",
    cls=_Group,
    help=t("help.app"),
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
faq_app = typer.Typer(cls=_Group, help=t("help.faq"), no_args_is_help=True, rich_markup_mode=None)
rules_app = typer.Typer(cls=_Group, help=t("help.rules"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(faq_app, name="faq")
app.add_typer(rules_app, name="rules")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cmq-wizard {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    rules: Annotated[
        Path,
        typer.Option(
            "--rules",
            metavar=t("metavar.folder"),
            envvar="CMQ_WIZARD_RULES",
            help=t("help.rules_dir"),
            show_default=False,
        ),
    ] = DEFAULT_RULES,
    faq: Annotated[
        Path,
        typer.Option(
            "--faq", metavar=t("metavar.file"), envvar="CMQ_WIZARD_FAQ", help=t("help.faq_file"), show_default=False
        ),
    ] = DEFAULT_FAQ,
    lang: Annotated[Lang, typer.Option("--lang", envvar="CMQ_WIZARD_LANG", help=t("help.lang"))] = Lang.fr,
    debug: Annotated[bool, typer.Option("--debug", envvar="CMQ_WIZARD_DEBUG", help=t("help.debug"))] = False,
    plain: Annotated[bool, typer.Option("--plain", envvar="CMQ_WIZARD_PLAIN", help=t("help.plain"))] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=t("help.version"))
    ] = False,
) -> None:
    i18n.set_lang(lang.value)
    ctx.obj = Settings(rules_dir=rules, faq_path=faq, lang=lang.value, debug=debug, plain=plain)
    if ctx.invoked_subcommand is None:
        from cmq_wizard.commands import run as run_cmd

        raise typer.Exit(run_cmd.run(ctx.obj))


@app.command(cls=cliformat.Command, help=t("help.run"))
def run(
    ctx: typer.Context,
    answers: Annotated[
        Path | None, typer.Option("--answers", "-a", metavar=t("metavar.file"), help=t("help.answers"))
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", "-s", metavar=t("metavar.id_value"), help=t("help.set"))
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help=t("help.no_input"))] = False,
    format_: Annotated[Format | None, typer.Option("--format", "-f", help=t("help.format"))] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar=t("metavar.file"), help=t("help.output"))
    ] = None,
    save_answers: Annotated[
        Path | None, typer.Option("--save-answers", metavar=t("metavar.file"), help=t("help.save_answers"))
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help=t("help.explain"))] = False,
) -> None:
    from cmq_wizard.commands import run as run_cmd

    raise typer.Exit(
        run_cmd.run(
            _settings(ctx),
            answers_file=answers,
            sets=set_ or [],
            no_input=no_input,
            fmt=format_.value if format_ else None,
            output=output,
            save_answers_to=save_answers,
            explain=explain,
        )
    )


@app.command(cls=cliformat.Command, help=t("help.demo"))
def demo(
    ctx: typer.Context,
    record: Annotated[Path | None, typer.Option("--record", metavar=t("metavar.file"), help=t("help.record"))] = None,
    idle_reset: Annotated[
        float | None, typer.Option("--idle-reset", metavar=t("metavar.seconds"), help=t("help.idle_reset"))
    ] = None,
) -> None:
    from cmq_wizard.commands import demo as demo_cmd

    raise typer.Exit(demo_cmd.demo(_settings(ctx), record=record, idle_reset=idle_reset))


@app.command(cls=cliformat.Command, help=t("help.stats"))
def stats(
    ctx: typer.Context, file: Annotated[Path, typer.Argument(metavar=t("metavar.file"), help=t("help.stats_file"))]
) -> None:
    from cmq_wizard.commands import stats as stats_cmd

    raise typer.Exit(stats_cmd.stats(_settings(ctx), file))


@app.command(cls=cliformat.Command, help=t("help.batch"))
def batch(
    ctx: typer.Context,
    input_: Annotated[str, typer.Argument(metavar=t("metavar.file"), help=t("help.batch_input"))],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar=t("metavar.file"), help=t("help.batch_output"))
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help=t("help.strict"))] = False,
) -> None:
    from cmq_wizard.commands import batch as batch_cmd

    raise typer.Exit(batch_cmd.batch(_settings(ctx), input_, output=output, strict=strict))


@app.command(cls=cliformat.Command, help=t("help.site"))
def site(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Argument(metavar=t("metavar.folder"), help=t("help.site_out"))],
) -> None:
    from cmq_wizard.commands import site as site_cmd

    raise typer.Exit(site_cmd.site(_settings(ctx), out_dir))


@faq_app.command("list", cls=cliformat.Command, help=t("help.faq_list"))
def faq_list(ctx: typer.Context) -> None:
    from cmq_wizard.commands import faq as faq_cmd

    raise typer.Exit(faq_cmd.faq_list(_settings(ctx)))


@faq_app.command("show", cls=cliformat.Command, help=t("help.faq_show"))
def faq_show(
    ctx: typer.Context, entry_id: Annotated[str, typer.Argument(metavar=t("metavar.id"), help=t("help.faq_show_id"))]
) -> None:
    from cmq_wizard.commands import faq as faq_cmd

    raise typer.Exit(faq_cmd.faq_show(_settings(ctx), entry_id))


@faq_app.command("search", cls=cliformat.Command, help=t("help.faq_search"))
def faq_search(
    ctx: typer.Context,
    terms: Annotated[list[str], typer.Argument(metavar=t("metavar.words"), help=t("help.faq_terms"))],
) -> None:
    from cmq_wizard.commands import faq as faq_cmd

    raise typer.Exit(faq_cmd.faq_search(_settings(ctx), terms))


@rules_app.command("check", cls=cliformat.Command, help=t("help.rules_check"))
def rules_check(
    ctx: typer.Context,
    format_: Annotated[CheckFormat, typer.Option("--format", "-f", help=t("help.rules_format"))] = CheckFormat.text,
) -> None:
    from cmq_wizard.commands import rules as rules_cmd

    raise typer.Exit(rules_cmd.check(_settings(ctx), format_.value))


@rules_app.command("graph", cls=cliformat.Command, help=t("help.rules_graph"))
def rules_graph(
    ctx: typer.Context,
    format_: Annotated[GraphFormat, typer.Option("--format", "-f", help=t("help.rules_format"))] = GraphFormat.mermaid,
) -> None:
    from cmq_wizard.commands import rules as rules_cmd

    raise typer.Exit(rules_cmd.graph(_settings(ctx), format_.value))


@rules_app.command("table", cls=cliformat.Command, help=t("help.rules_table"))
def rules_table(
    ctx: typer.Context,
    format_: Annotated[TableFormat, typer.Option("--format", "-f", help=t("help.rules_format"))] = TableFormat.text,
) -> None:
    from cmq_wizard.commands import rules as rules_cmd

    raise typer.Exit(rules_cmd.table(_settings(ctx), format_.value))


@rules_app.command("stamp", cls=cliformat.Command, help=t("help.rules_stamp"))
def rules_stamp(ctx: typer.Context) -> None:
    from cmq_wizard.commands import rules as rules_cmd

    raise typer.Exit(rules_cmd.stamp(_settings(ctx)))


def _global_options() -> dict[str, bool]:
    """The options of the root callback (name → whether it takes a value), read from its
    declaration without building any click command: every global option, --plain included."""
    import typing

    from typer.models import OptionInfo

    table: dict[str, bool] = {}
    for name, hint in typing.get_type_hints(main_callback, include_extras=True).items():
        for info in getattr(hint, "__metadata__", ()):
            if isinstance(info, OptionInfo) and not info.is_eager:
                flag = typing.get_args(hint)[0] is bool
                for decl in info.param_decls or (f"--{name.replace('_', '-')}",):
                    table[decl] = not flag
    return table


def _only_the_command_asked(argv: list[str]) -> None:
    """Keep registered only the command that `argv` invokes, so that typer builds no other.

    Typer builds the parameters of every command at each start; a scripted run need not pay
    for the others (nor the wizard, started by no command at all). Anything but plain global
    options before the command's name (--help, --version, shell completion, a misspelt name)
    keeps the whole app, so that help, usage and suggestions stay exactly what they are.
    (Speed, SPEC §8.)
    """
    if any(var.endswith("_COMPLETE") or var.startswith("_TYPER_COMPLETE") for var in os.environ):
        return
    takes_value = _global_options()
    i = 0
    while i < len(argv) and argv[i].partition("=")[0] in takes_value:
        i += 2 if takes_value[argv[i].partition("=")[0]] and "=" not in argv[i] else 1
    from typer.main import get_command_name

    name = argv[i] if i < len(argv) else "run"  # no command: the callback starts the wizard
    commands = [c for c in app.registered_commands if (c.name or get_command_name(c.callback.__name__)) == name]  # type: ignore[union-attr]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) == 1:
        app.registered_commands, app.registered_groups = commands, groups


def main() -> None:
    """Console-script entry point."""
    from cmq_wizard import terminal

    terminal.setup_streams()
    _only_the_command_asked(sys.argv[1:])
    try:
        app()
    except KeyboardInterrupt:
        print("\n" + t("error.interrupted"), file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)


__all__ = ["EXIT_USAGE", "app", "main"]
