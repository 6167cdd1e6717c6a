"""Property-based tests: whatever the input, an exit code of 0, 1 or 2 with a message, never a traceback.

In-process (the click command built once, the shipped rule set loaded once) so that the normal suite
runs over 2,000 generated cases in well under a minute; `-m slow` runs ten times as many.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.testing
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner
from yaml import CSafeLoader as SafeLoader

from cmq_wizard import i18n, loader
from cmq_wizard.cli import app
from cmq_wizard.errors import UserError
from cmq_wizard.typography import french

ROOT = Path(__file__).resolve().parent.parent
COMMAND = get_command(app)  # built once: typer rebuilds it on every CliRunner.invoke(app)

_RULESET = loader.load(ROOT / "rules", ROOT / "faq.yaml")
QUESTION_IDS = [q.id for q in _RULESET.questions]
CHOICE_IDS = sorted({c.id for q in _RULESET.questions for c in q.spec.choices})
LABELS = sorted({c.label.get(lang) for q in _RULESET.questions for c in q.spec.choices for lang in ("fr", "en")})

FAST = settings(max_examples=700, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
SLOW = settings(max_examples=4000, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="cmq-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _slow_only_when_asked(request: pytest.FixtureRequest) -> None:
    """The long runs (`slow`) run only with `-m slow`, not in the normal suite."""
    if request.node.get_closest_marker("slow") and "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("long fuzzing: run with -m slow")


@pytest.fixture
def shipped_rules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped rule set does not change between examples: load it once."""
    monkeypatch.setattr(loader, "load", functools.lru_cache(maxsize=2)(loader.load))


def invoke(args: list[str]) -> tuple[int, str, str]:
    real = typer.testing._get_command
    typer.testing._get_command = lambda _app: COMMAND  # type: ignore[assignment]
    try:
        result = CliRunner().invoke(app, args, prog_name="cmq-wizard")
    finally:
        typer.testing._get_command = real  # type: ignore[assignment]
    i18n.set_lang("fr")
    return result.exit_code, result.stdout, result.stderr


def assert_answered(code: int, stdout: str, stderr: str, allowed: tuple[int, ...] = (0, 2)) -> None:
    """The contract: an allowed exit code; an error is one message and a hint on stderr, nothing on stdout."""
    assert code in allowed, (code, stderr)
    assert "Traceback" not in stderr + stdout
    assert "erreur interne" not in stderr, stderr
    if code == 2:
        assert stderr.startswith((french("Erreur : "), "Usage: ", "Error: ")), stderr
        assert stdout == ""
    elif code == 0 and stdout.startswith("{"):
        assert json.loads(stdout)["verdict"] in ("eligible", "conditional", "not_eligible", "info")


# --- Answer mappings -----------------------------------------------------------------------

junk_text = st.text(max_size=30)
scalars = (
    st.sampled_from(CHOICE_IDS)
    | st.sampled_from(LABELS)
    | st.sampled_from(LABELS).map(str.upper)
    | junk_text
    | st.integers()
    | st.floats(allow_nan=True)
    | st.booleans()
    | st.none()
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(junk_text, inner, max_size=2), max_leaves=6
)
keys = st.sampled_from(QUESTION_IDS) | st.sampled_from(QUESTION_IDS).map(str.upper) | junk_text | st.just("_version")
mappings = st.dictionaries(keys, values, max_size=8)


def _dump(data: Any, as_json: bool) -> str:
    if as_json:
        return json.dumps(data, ensure_ascii=False, allow_nan=True)
    return yaml.safe_dump(data, allow_unicode=True)


def check_mapping(data: dict[Any, Any], as_json: bool, folder: Path) -> None:
    path = folder / ("a.json" if as_json else "a.yaml")
    path.write_text(_dump(data, as_json), encoding="utf-8")
    code, stdout, stderr = invoke(["run", "--answers", str(path), "--no-input", "--format", "json"])
    assert_answered(code, stdout, stderr)
    if code == 0:
        assert set(json.loads(stdout)["answers"]) <= set(QUESTION_IDS)


@FAST
@given(data=mappings, as_json=st.booleans())
def test_random_answer_mappings(data: dict[Any, Any], as_json: bool, scratch: Path, shipped_rules_once: None) -> None:
    check_mapping(data, as_json, scratch)


@pytest.mark.slow
@SLOW
@given(data=mappings, as_json=st.booleans())
def test_random_answer_mappings_long(
    data: dict[Any, Any], as_json: bool, scratch: Path, shipped_rules_once: None
) -> None:
    check_mapping(data, as_json, scratch)


@FAST
@given(
    sets=st.lists(
        st.tuples(keys, st.sampled_from(CHOICE_IDS) | st.sampled_from(LABELS) | junk_text).map(
            lambda kv: f"{kv[0]}={kv[1]}"
        )
        | junk_text,
        max_size=6,
    )
)
def test_random_set_options(sets: list[str], shipped_rules_once: None) -> None:
    args = ["run", "--no-input", "--format", "json"]
    for item in sets:
        args += ["--set", item]
    assert_answered(*invoke(args))


# --- YAML documents and bytes -------------------------------------------------------------

TOKENS = [
    "profile", "goal", "company", "join", "yes", "no", "on", "off", "~", "null", "1.10", "010", "0x1F", "2024-01-31",
    ":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: ", "!!python/object/apply:os.system ", "!!binary ",
    "!!str ", "!foo ", "? ", "|", ">", "'", '"', "#", "%YAML 1.1\n", "---\n", "...\n", "\n", "\n  ", "\t", "\\",
    "«", "é", "\u2028", "\x85", "\ufeff", "9" * 5000,
]  # fmt: skip
documents = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=40).map("".join)
as_bytes = documents.map(lambda s: s.encode("utf-8", "surrogatepass")) | st.binary(max_size=200)


def check_document(data: bytes, folder: Path) -> None:
    path = folder / "doc.yaml"
    path.write_bytes(data)
    code, stdout, stderr = invoke(["run", "--answers", str(path), "--no-input", "--format", "json"])
    assert_answered(code, stdout, stderr)


@FAST
@given(data=as_bytes)
def test_random_yaml_documents(data: bytes, scratch: Path, shipped_rules_once: None) -> None:
    check_document(data, scratch)


@pytest.mark.slow
@SLOW
@given(data=as_bytes)
def test_random_yaml_documents_long(data: bytes, scratch: Path, shipped_rules_once: None) -> None:
    check_document(data, scratch)


# --- Mutations of the rule set --------------------------------------------------------------

CONTENT_FILES = [
    *(f"rules/{name}.yaml" for name in ("ruleset", "questions", "join", "propose", "guidance")),
    "faq.yaml",
]
JUNK = ["", "~", "[]", "{}", "1.10", "yes", "&a x", "*a", "!!python/name:os.system", "\t", ": :", "- - -", "id: x", "«"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    """One content file, changed in one way: a key deleted, a type changed, an id duplicated,
    a reference renamed, or junk inserted in the text."""
    name = draw(st.sampled_from(CONTENT_FILES))
    text = (ROOT / name).read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["delete", "retype", "duplicate", "rename", "junk", "truncate"]))
    if kind in ("junk", "truncate"):
        at = draw(st.integers(0, len(text)))
        if kind == "truncate":
            return name, text[:at].encode("utf-8")
        junk = draw(st.sampled_from(JUNK) | st.text(max_size=5))
        return name, (text[:at] + junk + text[at:]).encode("utf-8", "surrogatepass")
    data = yaml.load(text, Loader=SafeLoader)  # the C loader, as the program's (see yamlio)
    path = draw(st.sampled_from([p for p in _paths(data) if p]))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if kind == "delete":
        del parent[last]
    elif kind == "retype":
        parent[last] = draw(st.sampled_from([None, 1, 1.5, True, "x", [], {}, ["x"], {"fr": "x"}]))
    elif kind == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    elif kind == "rename" and isinstance(parent[last], str):
        parent[last] = parent[last] + draw(st.sampled_from(["x", "_", "-2", ""])) + "z"
    return name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def check_mutation(mutation: tuple[str, bytes], folder: Path) -> None:
    name, data = mutation
    shutil.rmtree(folder / "content", ignore_errors=True)
    shutil.copytree(ROOT / "rules", folder / "content" / "rules")
    shutil.copy(ROOT / "faq.yaml", folder / "content" / "faq.yaml")
    (folder / "content" / name).write_bytes(data)
    where = ["--rules", str(folder / "content" / "rules"), "--faq", str(folder / "content" / "faq.yaml")]
    sets = ["--set", "profile=company", "--set", "goal=join", "--set", "activity_in_theme=yes"]
    code, stdout, stderr = invoke([*where, "run", *sets, "--no-input", "--format", "json"])
    assert_answered(code, stdout, stderr)
    code, stdout, stderr = invoke([*where, "rules", "check"])
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stdout + stderr
    assert "erreur interne" not in stderr, stderr
    if code == 1:
        assert stdout.strip() or stderr.strip()


@pytest.fixture
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMQ_WIZARD_NO_CACHE", "1")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(mutation=mutations())
def test_rule_set_mutations(mutation: tuple[str, bytes], scratch: Path, no_cache: None) -> None:
    check_mutation(mutation, scratch)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutation=mutations())
def test_rule_set_mutations_long(mutation: tuple[str, bytes], scratch: Path, no_cache: None) -> None:
    check_mutation(mutation, scratch)


def test_the_fuzz_reaches_both_outcomes(scratch: Path, shipped_rules_once: None) -> None:
    """The generators are not all rejected: a valid mapping gives 0, a junk one gives 2."""
    check_mapping({"profile": "company", "goal": "join", "activity_in_theme": True}, False, scratch)
    code, _, _ = invoke(["run", "--answers", str(scratch / "a.yaml"), "--no-input", "--format", "json"])
    assert code == 0
    check_mapping({"profile": ["x"]}, True, scratch)
    code, _, stderr = invoke(["run", "--answers", str(scratch / "a.json"), "--no-input", "--format", "json"])
    assert code == 2
    assert stderr.startswith(french("Erreur : "))


# --- Random bytes against batch ---------------------------------------------------------------

batch_lines = st.lists(
    st.dictionaries(keys, scalars, max_size=5).map(lambda d: json.dumps(d, ensure_ascii=False, default=str))
    | st.text(max_size=40),
    max_size=6,
).map("\n".join)
batch_input = batch_lines.map(lambda s: s.encode("utf-8", "surrogatepass")) | st.binary(max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=batch_input, csv=st.booleans(), strict=st.booleans())
def test_random_bytes_against_batch(
    data: bytes, csv: bool, strict: bool, scratch: Path, shipped_rules_once: None
) -> None:
    path = scratch / ("in.csv" if csv else "in.jsonl")
    path.write_bytes(data)
    code, stdout, stderr = invoke(["batch", str(path), *(["--strict"] if strict else [])])
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stdout + stderr
    assert "erreur interne" not in stderr, stderr
    if code == 2:
        assert stderr.startswith((french("Erreur : "), "Usage: ", "Error: ")) or french("Erreur : ") in stderr, stderr


# --- Cache entries: whatever bytes are at an entry's name, the rule set is the one on disk ----------

_REFERENCE_DOCUMENTS = None


def _reference_documents() -> Any:
    global _REFERENCE_DOCUMENTS
    if _REFERENCE_DOCUMENTS is None:
        from cmq_wizard import yamlio

        _REFERENCE_DOCUMENTS = {p: yamlio.to_plain(d) for p, d in _RULESET.documents.items()}
    return _REFERENCE_DOCUMENTS


plain_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.sampled_from(["m", "l", "d", "t"]),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=20,
)


@st.composite
def entry_bytes(draw: st.DrawFn, good: bytes) -> tuple[str, bytes]:
    """Bytes for a cache entry: junk, a torn or flipped good entry, or a good header over another payload."""
    from cmq_wizard import cache

    kind = draw(st.sampled_from(["junk", "torn", "flip", "forged"]))
    if kind == "junk":
        return kind, draw(st.binary(max_size=300))
    if kind == "torn":
        return kind, good[: draw(st.integers(0, max(0, len(good) - 1)))]
    if kind == "flip":
        at = draw(st.integers(0, len(good) - 1))
        return kind, good[:at] + bytes([good[at] ^ draw(st.integers(1, 255))]) + good[at + 1 :]
    header, key, _, _ = good.split(b"\n", 3)
    payload = json.dumps(draw(plain_json)).encode()
    return kind, b"\n".join([header, key, cache._checksum(payload), payload])  # as only a bug of ours could


@pytest.fixture(scope="module")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("fuzz-cache")
    saved = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "CMQ_WIZARD_NO_CACHE")}
    os.environ["XDG_CACHE_HOME"] = str(home)
    os.environ.pop("CMQ_WIZARD_NO_CACHE", None)
    loader.load(ROOT / "rules", ROOT / "faq.yaml")  # the good entries
    yield home / "cmq-wizard"
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_random_cache_entries_never_change_the_rule_set(data: st.DataObject, private_cache: Path) -> None:
    from cmq_wizard import yamlio

    names = sorted(p.name for p in private_cache.glob("file-*"))
    name = data.draw(st.sampled_from(names))
    entry = private_cache / name
    good = entry.read_bytes()
    kind, bad = data.draw(entry_bytes(good))
    entry.write_bytes(bad)
    try:
        if kind == "forged":  # checksummed plain data of another shape: a clean result or message, no crash
            with contextlib.suppress(UserError):
                loader.load(ROOT / "rules", ROOT / "faq.yaml")
            return
        ruleset = loader.load(ROOT / "rules", ROOT / "faq.yaml")  # junk, torn, flipped: never used
        assert {p: yamlio.to_plain(d) for p, d in ruleset.documents.items()} == _reference_documents()
    finally:
        entry.write_bytes(good)
        entry.chmod(0o600)


# --- The record file: whatever it held, the next visit is one whole line that stats counts ----------

VISIT_LINE = (
    '{"timestamp":"2026-01-01T10:00:00+01:00","answers":{"profile":"lycee","goal":"join"},'
    '"verdict":"eligible","outcomes":[]}\n'
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    before=st.binary(max_size=300)
    | st.lists(st.sampled_from([VISIT_LINE, VISIT_LINE[:30], "\n", "{}\n"])).map(lambda parts: "".join(parts).encode())
)
def test_random_record_files_then_a_visit(before: bytes, scratch: Path, shipped_rules_once: None) -> None:
    from cmq_wizard.record import open_record

    path = scratch / "visits.jsonl"
    path.write_bytes(before)
    record = open_record(path)
    record.write(VISIT_LINE)
    record.close()

    after = path.read_bytes()
    assert after.startswith(before)
    assert after.endswith(b"\n" + VISIT_LINE.encode()) or after == VISIT_LINE.encode()
    code, stdout, stderr = invoke(["stats", str(path)])
    assert code in (0, 2), (code, stderr)  # 2: the file is not UTF-8 text, said in one message
    assert "Traceback" not in stdout + stderr and "erreur interne" not in stderr, stderr
    assert "\x1b" not in stdout + stderr
    if code == 0:
        assert "visite(s)" in stdout
