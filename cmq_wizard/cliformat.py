"""The command line's own words in the language shown: help pages, usage lines and usage errors.

Typer (0.29) carries its own copy of click, whose strings are English literals, not gettext
calls; typer's few gettext calls read the process-wide default domain. Rather than patch either,
the two classes below take over, through click's documented extension points (`format_usage`,
`collect_usage_pieces`, `format_options`, `format_commands`, `get_help_option`, `resolve_command`,
`make_context`, `invoke`), everything that click and typer would write themselves:

- help pages: our usage prefix and metavars (`FICHIER`, `ID=VALEUR` / `FILE`, `ID=VALUE`; choices
  as `[a|b]`; never a Python type), section titles, `[obligatoire]`, `[variable d'environnement : …]`,
  the help option's and the completion options' texts, each command's summary whole;
- usage errors: every click exception (unknown option, missing argument, bad value, unknown
  command, extra arguments…) becomes one of our UserError messages (what, how to fix, with a
  « Vouliez-vous dire » when one is close), shown like every other error of the program;
- global options after the command: `cmq-wizard run --lang en` is read as
  `cmq-wizard --lang en run`, for every option of the root callback (generic: a new global
  option needs nothing here); one given in two places with different values is a usage error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum
from typing import IO, Any

from typer._click import exceptions as click_exceptions
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

from cmq_wizard import i18n
from cmq_wizard.errors import UserError
from cmq_wizard.i18n import t
from cmq_wizard.typography import shown

# The completion options typer adds: their help, in the language shown.
_OPTION_HELP = {"install_completion": "help.install_completion", "show_completion": "help.show_completion"}
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)", re.DOTALL)


# --- Help pages -----------------------------------------------------------------------------


def _colon(label: str) -> str:
    """« Utilisation : » / "Usage:": the colon as each language writes it."""
    return f"{label}\u00a0: " if i18n.get_lang() == "fr" else f"{label}: "


def _heading(label: str) -> str:
    """A section title; click adds the colon, after a non-breaking space in French."""
    return f"{label}\u00a0" if i18n.get_lang() == "fr" else label


def _french(text: str) -> str:
    from cmq_wizard.typography import for_lang

    return for_lang(text, i18n.get_lang())


def _choices(param: Any) -> list[str] | None:
    desc = getattr(param, "type_descriptor", None)
    if desc is None or not desc.is_choice or desc.choices is None:
        return None
    return [str(c.value if isinstance(c, Enum) else c) for c in desc.choices]


def metavar(param: Any) -> str:
    """What stands for the value of a parameter: its declared metavar (in the language shown),
    else its choices, else a word for its kind of value. Never a Python type."""
    if param.metavar:
        name = str(param.metavar)
    else:
        choices = _choices(param)
        name = "[" + "|".join(choices) + "]" if choices is not None else t("metavar.value")
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name


def _default(param: Any) -> str | None:
    if not param.show_default or isinstance(param.show_default, str) or param.default is None:
        return None
    if isinstance(param.default, bool) or callable(param.default):
        return None
    value = param.default.value if isinstance(param.default, Enum) else param.default
    return str(value) if value not in ("", (), []) else None


def help_record(param: Any) -> tuple[str, str]:
    """The two columns of a parameter's line in a help page."""
    if param.param_type_name == "argument":
        name = metavar(param)
    else:
        name = ", ".join(sorted(param.opts, key=lambda o: o.startswith("--")))  # -a, --answers
        if param.secondary_opts:
            name += " / " + ", ".join(param.secondary_opts)
        if not param.is_flag and not param.count:
            name += " " + metavar(param)
    key = _OPTION_HELP.get(param.name or "")
    text = t(key) if key else param.help or ""
    extra = []
    envvar = param.envvar if getattr(param, "show_envvar", False) else None
    if envvar:
        extra.append(_colon(t("cli.env_var")) + (envvar if isinstance(envvar, str) else ", ".join(envvar)))
    default = _default(param)
    if default is not None:
        extra.append(_colon(t("cli.default")) + default)
    if param.required:
        extra.append(t("cli.required"))
    if extra:
        separator = "\u202f; " if i18n.get_lang() == "fr" else "; "
        text = f"{text}  [{separator.join(extra)}]" if text else f"[{separator.join(extra)}]"
    return name, _french(text)


def usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [t("cli.options_metavar")]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            piece = metavar(param)
            pieces.append(piece if param.required else f"[{piece}]")
    if isinstance(command, TyperGroup):
        pieces.append(t("cli.command_metavar"))
    return pieces


def usage_line(ctx: Any) -> str:
    return f"{ctx.command_path} {' '.join(usage_pieces(ctx.command, ctx))}"


class _Help:
    """Help pages in the language shown (mixed into our command and group classes)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.name == "install_completion" and not getattr(param.callback, "translated", False):
                param.callback = _install_in_words(param.callback)
        return params

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=_colon(t("cli.usage")))

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        text = (self.help or "").partition("\f")[0].strip()  # type: ignore[attr-defined]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_french(text))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return usage_pieces(self, ctx)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("cli.help_option")
        return option

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            if getattr(param, "hidden", False):
                continue
            (arguments if param.param_type_name == "argument" else options).append(help_record(param))
        if arguments:
            with formatter.section(_heading(t("cli.arguments"))):
                formatter.write_dl(arguments)
        if options:
            with formatter.section(_heading(t("cli.options"))):
                formatter.write_dl(options)
        if isinstance(self, TyperGroup):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):  # type: ignore[attr-defined]
            command = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if command is not None and not command.hidden:
                rows.append((name, _french((command.help or "").partition("\f")[0].strip())))  # whole, never cut
        if rows:
            with formatter.section(_heading(t("cli.commands"))):
                formatter.write_dl(rows)


_INSTALLED = re.compile(r"(?P<shell>\S+) completion installed in (?P<path>.+)")


def _install_in_words(callback: Any) -> Any:
    """typer's --install-completion, saying what it did in the language shown."""
    import contextlib
    import io

    def install(ctx: Any, param: Any, value: Any) -> Any:
        said = io.StringIO()
        try:
            with contextlib.redirect_stdout(said):
                return callback(ctx, param, value)
        finally:
            found = _INSTALLED.search(said.getvalue())
            if found:
                said_here = t("cli.completion_installed", shell=found.group("shell"), path=found.group("path").strip())
                print(shown(said_here))
            elif said.getvalue():
                print(said.getvalue(), end="")

    install.translated = True  # type: ignore[attr-defined]
    return install


class Command(_Help, TyperCommand):
    """A command whose help and usage speak the language shown."""


# --- Usage errors ---------------------------------------------------------------------------


class TranslatedUsageError(click_exceptions.UsageError):
    """A usage error told in our words, shown the way every other error of the program is."""

    def __init__(self, error: UserError) -> None:
        super().__init__(error.message)
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        from cmq_wizard import terminal

        terminal.report(self.error)


def _long_name(param: Any) -> str:
    opts = [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
    return max(opts, key=len) if opts else metavar(param)


def _given_value(exc: BaseException) -> Any:
    """The value a user gave, from the validation error behind a BadParameter (pydantic's input)."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            found = errors()
        except Exception:  # pragma: no cover - not a pydantic error after all
            return None
        if found:
            return found[0].get("input")
    return None


def _did_you_mean(word: str, candidates: Sequence[str]) -> str:
    from cmq_wizard.loader import closest

    match = closest(word, candidates)
    return t("hint.did_you_mean", match=match) + " " if match else ""


def translate(exc: click_exceptions.UsageError, command_path: str | None = None) -> UserError:
    """One of click's usage errors, told in the language shown, with a hint that helps."""
    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else command_path or "cmq-wizard"
    see_help = t("cli.hint_help", command=path)
    if isinstance(exc, click_exceptions.NoSuchOption):
        options = [o for p in ctx.command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)] if ctx else []
        possible = list(exc.possibilities or ()) or options
        hint = _did_you_mean(exc.option_name, possible) + see_help
        return UserError(t("cli.no_such_option", option=exc.option_name), hint=hint)
    if isinstance(exc, click_exceptions.BadOptionUsage):
        key = "cli.option_takes_no_value" if "does not take a value" in exc.message else "cli.option_needs_value"
        return UserError(t(key, option=exc.option_name), hint=see_help)
    if isinstance(exc, click_exceptions.MissingParameter) and exc.param is not None:
        usage = _colon(t("cli.usage")) + usage_line(ctx) if ctx is not None else see_help
        if exc.param.param_type_name == "argument":
            return UserError(t("cli.missing_argument", name=metavar(exc.param)), hint=usage)
        return UserError(t("cli.missing_option", option=_long_name(exc.param)), hint=usage)
    if isinstance(exc, click_exceptions.BadParameter) and exc.param is not None:
        return _bad_value(exc, see_help)
    extra = _EXTRA_ARGUMENTS.fullmatch(exc.message)
    if extra:
        return UserError(t("cli.extra_arguments", args=extra.group("args")), hint=see_help)
    if exc.message.startswith("Missing command"):
        return UserError(t("cli.missing_command"), hint=t("cli.hint_commands", command=path))
    return UserError(t("cli.usage_error", detail=exc.format_message()), hint=see_help)


def _bad_value(exc: click_exceptions.BadParameter, see_help: str) -> UserError:
    param = exc.param
    value = _given_value(exc)
    name = _long_name(param)
    choices = _choices(param)
    shown = str(value) if value is not None else ""
    message = t("cli.bad_value", value=shown, option=name) if shown else t("cli.bad_value_unnamed", option=name)
    if choices is not None:
        hint = _did_you_mean(shown, choices) + t("cli.hint_choices", choices=", ".join(choices))
    elif param is not None and getattr(param.type_descriptor, "annotation", None) in (int, float):
        hint = t("cli.hint_number")
    else:
        hint = see_help
    return UserError(message, where=_from_envvar(exc), hint=hint)


def _from_envvar(exc: click_exceptions.BadParameter) -> str | None:
    """The environment variable a bad value came from, if it came from one."""
    from typer._click.core import ParameterSource

    param, ctx = exc.param, exc.ctx
    if param is None or ctx is None or not param.name or not param.envvar:
        return None
    if ctx.get_parameter_source(param.name) is not ParameterSource.ENVIRONMENT:
        return None
    return param.envvar if isinstance(param.envvar, str) else ", ".join(param.envvar)


def unknown_command(name: str, commands: Sequence[str], command_path: str) -> UserError:
    hint = _did_you_mean(name, commands) + t("cli.hint_commands", command=command_path)
    return UserError(t("cli.no_such_command", name=name), hint=hint)


# --- Global options after the command -----------------------------------------------------------


def _takes_value(param: Any) -> bool:
    return not (getattr(param, "is_flag", False) or getattr(param, "count", False))


def _option_table(command: Any, ctx: Any) -> dict[str, Any]:
    options = [p for p in command.get_params(ctx) if p.param_type_name == "option"]
    return {name: p for p in options for name in (*p.opts, *p.secondary_opts)}


def hoist_global_options(root: Any, ctx: Any, args: list[str]) -> list[str]:
    """`args` with the root's options found after the command moved before it, so that
    `run --lang en` means `--lang en run`. The subcommands' own options (and their values),
    and everything after `--`, are left where they are. A root option given both before and
    after the command with different values is a usage error."""
    globals_ = {
        name: p
        for name, p in _option_table(root, ctx).items()
        if p.name not in ("help", "version", *_OPTION_HELP) and not p.is_eager
    }
    before: list[str] = []
    i = 0
    # The root's own part: its options and their values, up to the command's name.
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        param = globals_.get(args[i].partition("=")[0])
        step = 2 if param is not None and _takes_value(param) and "=" not in args[i] else 1
        before.extend(args[i : i + step])
        i += step
    if i >= len(args) or args[i] == "--":
        return args
    command: Any = root
    rest: list[str] = []
    hoisted: list[str] = []
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if isinstance(command, TyperGroup) and not arg.startswith("-"):
            found = command.get_command(ctx, arg)
            rest.append(arg)
            i += 1
            if found is None:  # a misspelt command: left for click to report
                rest.extend(args[i:])
                break
            command = found
            continue
        name, _, _ = arg.partition("=")
        own = _option_table(command, ctx) if command is not root else {}
        if arg.startswith("--") and name in globals_ and name not in own:
            param = globals_[name]
            step = 2 if _takes_value(param) and "=" not in arg else 1
            hoisted.extend(args[i : i + step])
            i += step
            continue
        if arg.startswith("-") and name in own and _takes_value(own[name]) and "=" not in arg:
            rest.extend(args[i : i + 2])  # an option of the command and its value
            i += 2
            continue
        rest.append(arg)
        i += 1
    if not hoisted:
        return args
    _check_twice(globals_, before, hoisted)
    return [*before, *hoisted, *rest]


def _values(globals_: dict[str, Any], args: list[str]) -> dict[str, tuple[str, str]]:
    """Option name → (as written, value) for each root option in `args` (the last one wins)."""
    found: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(args):
        name, eq, value = args[i].partition("=")
        param = globals_.get(name)
        if param is None:
            i += 1
            continue
        if _takes_value(param) and not eq:
            value = args[i + 1] if i + 1 < len(args) else ""
            i += 1
        elif not _takes_value(param):
            value = "true"
        found[param.name] = (name, value)
        i += 1
    return found


def _check_twice(globals_: dict[str, Any], before: list[str], after: list[str]) -> None:
    first, second = _values(globals_, before), _values(globals_, after)
    for key, (name, value) in second.items():
        if key in first and first[key][1] != value:
            raise TranslatedUsageError(
                UserError(
                    t("cli.given_twice", option=name, first=first[key][1], second=value),
                    hint=t("cli.hint_given_twice", option=name),
                )
            )


__all__ = [
    "Command",
    "NoArgsIsHelpError",
    "TranslatedUsageError",
    "UsageError",
    "hoist_global_options",
    "translate",
    "unknown_command",
]
