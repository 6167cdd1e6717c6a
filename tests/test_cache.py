"""The byte cache (parsed rule files, the catalogue): same results, never stale, never trusted blindly.

The attacks of issue 11 (a planted pickle, a symlink, a FIFO, an oversize entry, a folder others can
write, a hard link, no home) are played in tests/test_security.py; here, the everyday behaviour.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from cmq_wizard import cache, i18n, loader, yamlio
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


def entries(folder: Path, kind: str = "file") -> list[str]:
    return sorted(p.name for p in folder.glob(f"{kind}-*")) if folder.is_dir() else []


def everything(ruleset: object) -> list[dict[str, object]]:
    engine = Engine(ruleset)  # type: ignore[arg-type]
    return [result_dict(engine.evaluate(path), engine.ruleset, "fr") for path in engine.paths()]


def load_without_cache(rules: Path, faq: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setenv("CMQ_WIZARD_NO_CACHE", "1")
        return loader.load(rules, faq)


def test_a_rule_set_from_the_cache_is_the_same(
    cache_home: Path, content_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules, faq = content_copy
    fresh = load_without_cache(rules, faq, monkeypatch)

    first = loader.load(rules, faq)  # parses, then writes one entry a file
    files = 3 + len(loader.rule_files(rules))
    assert len(entries(cache_home)) == files
    second = loader.load(rules, faq)  # from the entries

    assert second is not first
    assert everything(second) == everything(fresh)
    assert second.origins == fresh.origins  # type: ignore[attr-defined]
    assert second.documents == fresh.documents  # type: ignore[attr-defined]
    for path, document in fresh.documents.items():  # type: ignore[attr-defined]
        assert yamlio.to_plain(second.documents[path]) == yamlio.to_plain(document)  # lines too


def test_an_entry_is_plain_json(cache_home: Path) -> None:
    loader.load(ROOT / "rules", ROOT / "faq.yaml")

    for name in entries(cache_home):
        header, key, checksum, payload = (cache_home / name).read_bytes().split(b"\n", 3)
        assert header == b"cmq-wizard-cache-2" and len(key) == 64 and len(checksum) == 32
        entry = json.loads(payload)
        assert set(entry) == {"model", "document"} and entry["document"][0] == "m"


def test_a_changed_file_is_never_served_stale(cache_home: Path, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    loader.load(rules, faq)
    target = rules / "propose.yaml"
    text = target.read_text(encoding="utf-8")
    stat = target.stat()
    # Same size, same modification time: only the contents tell the change.
    changed = text.replace("enjeu", "ENJEU", 1)
    assert changed != text and len(changed.encode()) == len(text.encode())
    target.write_text(changed, encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    again = loader.load(rules, faq)

    assert "ENJEU" in str(again.documents[target])


def test_a_bad_rule_set_says_where_with_or_without_the_cache(
    cache_home: Path, content_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules, faq = content_copy
    path = rules / "propose.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("verdict: eligible", "verdict: maybe", 1), "utf-8")
    with pytest.raises(UserError) as without_cache:
        load_without_cache(rules, faq, monkeypatch)

    for _ in range(2):
        with pytest.raises(UserError) as with_cache:
            loader.load(rules, faq)
        assert (with_cache.value.where, with_cache.value.message, with_cache.value.hint) == (
            without_cache.value.where,
            without_cache.value.message,
            without_cache.value.hint,
        )
    assert str(with_cache.value.where).startswith(f"{path}:")


def test_a_file_that_does_not_parse_is_never_cached(cache_home: Path, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    (rules / "propose.yaml").write_text("rules: [\n", encoding="utf-8")

    for _ in range(2):
        with pytest.raises(UserError) as refused:
            loader.load(rules, faq)
        assert refused.value.where == f"{rules / 'propose.yaml'}:2:1"
    assert len(entries(cache_home)) == 3 + len(loader.rule_files(rules)) - 1  # all but the broken one


def test_a_corrupt_entry_is_a_silent_miss_and_is_rebuilt(cache_home: Path, content_copy: tuple[Path, Path]) -> None:
    rules, faq = content_copy
    expected = everything(loader.load(rules, faq))
    for name in entries(cache_home):
        entry = cache_home / name
        entry.write_bytes(entry.read_bytes()[:200])  # a torn write

    assert everything(loader.load(rules, faq)) == expected
    assert all(len((cache_home / name).read_bytes()) > 200 for name in entries(cache_home))


def test_an_unwritable_cache_is_no_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))

    ruleset = loader.load(ROOT / "rules", ROOT / "faq.yaml")

    assert ruleset.version
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMQ_WIZARD_NO_CACHE", "1")

    loader.load(ROOT / "rules", ROOT / "faq.yaml")

    assert not cache_home.exists()


def test_old_entries_are_pruned(cache_home: Path) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    for n in range(40):
        old = cache_home / f"file-{n:032x}"
        old.write_bytes(b"x")
        os.utime(old, ns=(n, n))

    loader.load(ROOT / "rules", ROOT / "faq.yaml")

    names = entries(cache_home)
    assert len(names) == 32
    assert "file-00000000000000000000000000000000" not in names


def test_the_interface_catalogue_is_read_compiled_never_from_the_cache(cache_home: Path) -> None:
    """The program reads locale/messages.json, compiled from the YAML and committed: the same
    entries, in the same order; nothing of it goes to the cache."""
    with open(i18n.SOURCE_PATH, encoding="utf-8") as stream:
        plain = yaml.load(stream, Loader=yaml.CSafeLoader)

    i18n._catalogue = None
    try:
        read = i18n.catalogue()
    finally:
        i18n._catalogue = None
    assert read == plain
    assert list(read) == list(plain)
    loader.load(ROOT / "rules", ROOT / "faq.yaml")
    assert entries(cache_home, "messages") == []


def test_the_cache_stores_bytes_and_knows_nothing_of_rules() -> None:
    source = (Path(cache.__file__)).read_text(encoding="utf-8")
    code = [line for line in source.splitlines() if line.startswith(("import ", "from "))]

    assert not any("cmq_wizard" in line for line in code)
    assert "pickle" not in source.replace("(no pickle)", "")


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
