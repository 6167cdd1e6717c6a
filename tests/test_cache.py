"""The rule-set and catalogue cache: same results, never stale, never in the way of an error."""

from __future__ import annotations

import os
import stat as stat_mod
from pathlib import Path

import pytest
import yaml

from cmq_wizard import cache, i18n, loader
from cmq_wizard.engine import Engine
from cmq_wizard.errors import UserError
from cmq_wizard.render.json import result_dict

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("CMQ_WIZARD_NO_CACHE", raising=False)
    return home / "cmq-wizard"


def entries(folder: Path, kind: str = "ruleset") -> list[str]:
    return sorted(p.name for p in folder.glob(f"{kind}-*")) if folder.is_dir() else []


def everything(rules: Path, faq: Path, ruleset: object) -> list[dict[str, object]]:
    engine = Engine(ruleset)  # type: ignore[arg-type]
    return [result_dict(engine.evaluate(path), engine.ruleset, "fr") for path in engine.paths()]


def test_a_cached_rule_set_gives_the_same_results(cache_home: Path, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    fresh = loader.load(rules, faq)

    first = cache.load_ruleset(rules, faq)  # loads, then writes the entry
    assert len(entries(cache_home)) == 1
    second = cache.load_ruleset(rules, faq)  # from the entry

    assert second is not first
    assert everything(rules, faq, second) == everything(rules, faq, fresh)
    assert second.origins == fresh.origins
    assert [q.origin for q in second.questions] == [q.origin for q in fresh.questions]


def test_a_changed_file_is_never_served_stale(cache_home: Path, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    cache.load_ruleset(rules, faq)
    target = rules / "propose.yaml"
    text = target.read_text(encoding="utf-8")
    stat = target.stat()
    # Same size, same modification time: only the contents tell the change.
    changed = text.replace("enjeu", "ENJEU", 1)
    assert changed != text and len(changed.encode()) == len(text.encode())
    target.write_text(changed, encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    again = cache.load_ruleset(rules, faq)

    assert again.documents == loader.load(rules, faq).documents
    assert "ENJEU" in str(again.documents[target])


def test_a_bad_rule_set_is_never_cached_and_says_where(cache_home: Path, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    path = rules / "propose.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("verdict: eligible", "verdict: maybe", 1), "utf-8")
    with pytest.raises(UserError) as without_cache:
        loader.load(rules, faq)

    for _ in range(2):
        with pytest.raises(UserError) as with_cache:
            cache.load_ruleset(rules, faq)
        assert (with_cache.value.where, with_cache.value.message, with_cache.value.hint) == (
            without_cache.value.where,
            without_cache.value.message,
            without_cache.value.hint,
        )
    assert str(with_cache.value.where).startswith(f"{path}:")
    assert entries(cache_home) == []


def test_a_corrupt_entry_is_a_silent_miss(cache_home: Path, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    cache.load_ruleset(rules, faq)
    (entry,) = cache_home.glob("ruleset-*")
    entry.write_bytes(entry.read_bytes()[:200])  # a torn write

    again = cache.load_ruleset(rules, faq)

    assert again.version == loader.load(rules, faq).version


def test_an_unwritable_cache_is_no_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))

    ruleset = cache.load_ruleset(ROOT / "rules", ROOT / "faq.yaml")

    assert ruleset.version
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMQ_WIZARD_NO_CACHE", "1")

    cache.load_ruleset(ROOT / "rules", ROOT / "faq.yaml")

    assert not cache_home.exists()


def test_old_entries_are_pruned(cache_home: Path, tmp_path: Path) -> None:
    cache_home.mkdir(parents=True)
    for n in range(12):
        old = cache_home / f"ruleset-{n:032x}"
        old.write_bytes(b"x")
        os.utime(old, ns=(n, n))

    cache.load_ruleset(ROOT / "rules", ROOT / "faq.yaml")

    names = entries(cache_home)
    assert len(names) == 8
    assert "ruleset-00000000000000000000000000000000" not in names


def test_the_catalogue_from_the_cache_is_the_catalogue(cache_home: Path) -> None:
    with open(i18n.CATALOGUE_PATH, encoding="utf-8") as stream:
        plain = yaml.load(stream, Loader=yaml.CSafeLoader)

    assert cache.load_catalogue(i18n.CATALOGUE_PATH) == plain
    assert len(entries(cache_home, "messages")) == 1
    assert cache.load_catalogue(i18n.CATALOGUE_PATH) == plain


# --- yamlio.parse: one pass when clean, the same words as the checked pass otherwise --------------------

YAML_CASES = {
    "alias": "a: &x [1]\nb: *x\n",
    "recursive alias": "a: &x [*x]\n",
    "undefined alias": "a: *nope\n",
    "billion laughs": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "scalar alias": "a: &s hello\nb: *s\n",
    "alias after a duplicate key": "a: 1\na: 2\nb: &x 1\nc: *x\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "tag": "a: !!python/object:os.system x\n",
    "syntax": "a: [1, 2\nb: 3\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "unhashable key": "? [1]\n: 2\n",
    "too deep": "[" * 5000 + "]" * 5000,
    "anchor without alias": "a: &s hello\nb: 2\n",
    "clean": "a: {b: [1, 2, {c: d}]}\nlist:\n  - x\n  - y\n",
    "empty": "",
}


@pytest.mark.parametrize("text", YAML_CASES.values(), ids=YAML_CASES.keys())
def test_single_pass_parse_is_the_checked_parse(text: str) -> None:
    from cmq_wizard import yamlio

    def outcome(parse: object) -> object:
        try:
            data = parse(text, source="f.yaml")  # type: ignore[operator]
        except UserError as exc:
            return ("error", exc.where, exc.message, exc.hint)
        return ("data", data, getattr(data, "key_lines", None), getattr(data, "item_lines", None))

    assert outcome(yamlio.parse) == outcome(yamlio._parse_checked)


def test_an_alias_is_refused_before_anything_expands_it() -> None:
    from cmq_wizard import yamlio

    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(12)
    )
    with pytest.raises(UserError) as refused:
        yamlio.parse(laughs, source="laughs.yaml")
    assert (refused.value.where, refused.value.message) == ("laughs.yaml:2:8", "alias YAML « *a » refusé")


def test_an_entry_others_can_write_is_never_unpickled(
    cache_home: Path, content_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache entry is code (a pickle): one that another user could have written is ignored."""
    rules, faq = content_copy
    first = cache.load_ruleset(rules, faq)
    (entry,) = cache_home.glob("ruleset-*")
    assert stat_mod.S_IMODE(cache_home.stat().st_mode) == 0o700
    entry.chmod(0o666)
    calls: list[Path] = []
    real_load = loader.load

    def counting_load(rules_dir: Path, faq_path: Path) -> object:
        calls.append(rules_dir)
        return real_load(rules_dir, faq_path)

    monkeypatch.setattr(loader, "load", counting_load)
    again = cache.load_ruleset(rules, faq)
    assert calls == [rules]
    assert [q.spec for q in again.questions] == [q.spec for q in first.questions]
