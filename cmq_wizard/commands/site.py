"""`cmq-wizard site OUT_DIR`: the rule set as one static page (SPEC §10)."""

from __future__ import annotations

from pathlib import Path

from cmq_wizard import lint, terminal
from cmq_wizard.errors import EXIT_OK, UserError
from cmq_wizard.i18n import t
from cmq_wizard.output import cannot_write, write_atomic
from cmq_wizard.settings import Settings


def site(settings: Settings, out_dir: Path) -> int:
    """Check the rule set as `rules check` does; with no error, write OUT_DIR/index.html."""
    from cmq_wizard.commands.rules import render_check
    from cmq_wizard.render import site as site_render

    report = lint.check(settings.rules_dir, settings.faq_path)
    if report.problems:
        terminal.note(render_check(report, "text").rstrip("\n"))
    if report.errors or report.ruleset is None:
        raise UserError(
            t("site.bad_rules", errors=len(report.errors)), where=str(settings.rules_dir), hint=t("site.hint_bad_rules")
        )
    page, data = site_render.render(report.ruleset, settings.lang)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(t("site.not_a_folder"), where=str(out_dir), hint=t("site.hint_folder"))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(out_dir, exc) from None
    target = out_dir / "index.html"
    write_atomic(target, page)
    size = len(page.encode("utf-8"))
    paths = len(report.paths or ())
    terminal.note(t("site.written", path=target, size=size, paths=paths, results=len(data["x"])))
    return EXIT_OK
