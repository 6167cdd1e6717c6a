"""`cmq-wizard batch`: many answer sets (JSON Lines or CSV), one JSON result a line.

Each record is answered exactly as `run --format json` would answer it (the same resolver of
ids, labels, accents and booleans; the same engine; the same SPEC §5 object), plus `"line"`.
A record that cannot be answered gives `{"line": n, "error": …, "hint": …}` and the run goes
on; with `--strict` the run stops there (exit 2) and no output file is left behind.

Speed: a result depends only on the resolved answers, and a rule set has few paths, so the
serialised result is computed once per distinct set of answers and `"line"` is spliced in;
raw values are resolved through tables filled as they are met.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from cmq_wizard import terminal
from cmq_wizard.answers import VERSION_KEY, Given, Resolver
from cmq_wizard.engine import IncompleteAnswers, NoRuleMatched
from cmq_wizard.errors import UserError, location
from cmq_wizard.i18n import sentences, t
from cmq_wizard.model import VERDICT_ORDER
from cmq_wizard.output import STDOUT, Target
from cmq_wizard.render.json import result_dict
from cmq_wizard.safe import echo, json_text
from cmq_wizard.settings import Settings

JSON_LINES_EXTENSIONS = (".jsonl", ".ndjson", ".json")
CSV_EXTENSIONS = (".csv",)
STDIN = "-"
_FLUSH_EVERY = 256  # records buffered between writes
# CSV records remembered as given, and JSON lines remembered as read (the results themselves are
# shared): filled with the first distinct ones, then no more, so that memory stops growing long
# before a million records (bench/run.py: the peak at 1,000,000 records is the peak at 100,000).
# On realistic sheets the first 16,384 distinct lines answer 80 % of a million.
_RAW_MEMO_MAX = 16_384
_LINE_MEMO_MAX = 16_384
_LINE_MEMO_BYTES = 512  # a longer line is never remembered
MAX_RECORD_BYTES = 1024 * 1024  # a longer line is an error line for that record, never read whole
_VALUES_MAX = 4096  # raw values remembered per question (a bounded table: the oldest goes first)
_MEMO_TEXT_MAX = 256  # a value longer than this is never remembered: no memory grows with the input
_MEMO_KEYS_MAX = 64


class _Overlong(bytes):
    """Stands for a line longer than MAX_RECORD_BYTES, skipped without being kept."""


def _bounded_lines(stream: IO[bytes], limit: int = MAX_RECORD_BYTES) -> Iterator[bytes]:
    """The lines of `stream`, each read with a bound: a longer line is skipped in chunks and
    given as an empty `_Overlong`, so memory stays flat whatever the input."""
    readline = stream.readline
    while True:
        raw = readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and raw[-1:] != b"\n":
            while raw and raw[-1:] != b"\n":
                raw = readline(1 << 16)
            yield _Overlong()
            continue
        yield raw


class RecordError(Exception):
    """Why one record has no result."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def as_bytes(self, line: int) -> bytes:
        data: dict[str, Any] = {"line": line, "error": self.message}
        if self.hint:
            data["hint"] = self.hint
        return _compact(data).encode()


def _compact(data: Any) -> str:
    return json_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


class Evaluator:
    """A record's answers → its result, as the JSON bytes that follow `{"line":n,`. Memoised."""

    def __init__(self, settings: Settings) -> None:
        self.engine = settings.engine
        self.ruleset = settings.ruleset
        self.lang = settings.lang
        self.resolver = Resolver(self.ruleset)
        self.question_ids = tuple(q.id for q in self.ruleset.questions)
        # question id → {raw text as given → choice id, or None when it names no choice}
        self._values: dict[str, dict[str, str]] = {qid: {} for qid in self.question_ids}
        self._memo: dict[tuple[Any, ...], tuple[bytes, str] | RecordError] = {}
        self._raw: dict[tuple[Any, ...], tuple[bytes, str] | RecordError] = {}
        # JSON line as read → its result: a line typed the same way again is neither decoded nor resolved.
        self.lines: dict[bytes, tuple[bytes, str]] = {}

    def outcome(self, record: dict[str, Any], raw: bytes) -> tuple[bytes, str] | RecordError:
        """The result of the record read from the JSON line `raw`, or its RecordError. A result
        is remembered under `raw` for the next identical line; an error is not (a typo is seldom
        typed twice, and would only take room)."""
        try:
            outcome = self._resolved(record)
        except RecordError as exc:
            return exc
        if len(raw) <= _LINE_MEMO_BYTES and len(self.lines) < _LINE_MEMO_MAX:
            self.lines[raw] = outcome
        return outcome

    def result(self, record: dict[str, Any]) -> tuple[bytes, str]:
        """The result bytes and verdict for one record, or a RecordError."""
        items: tuple[Any, ...] | None = tuple(record.items())
        try:
            entry = self._raw.get(items)  # type: ignore[arg-type]
        except TypeError:  # an unhashable value (a list, an object): never remembered as given
            entry, items = None, None
        if entry is None:
            try:
                entry = self._resolved(record)
            except RecordError as exc:
                entry = exc.with_traceback(None)  # remembered: never the frames it was raised in
            # Remember records as given only when made of text: True == 1 == 1.0 as keys.
            if (
                items is not None
                and len(self._raw) < _RAW_MEMO_MAX
                and len(items) <= _MEMO_KEYS_MAX
                and all(v.__class__ is str and len(v) <= _MEMO_TEXT_MAX and len(k) <= _MEMO_TEXT_MAX for k, v in items)
            ):
                self._raw[items] = entry
        if isinstance(entry, RecordError):
            raise entry.with_traceback(None)  # a remembered error: raised afresh, its traceback never grows
        return entry

    def _resolved(self, record: dict[str, Any]) -> tuple[bytes, str]:
        """The result of a record's answers once resolved to choice ids (memoised on them)."""
        answers: dict[str, str] = {}
        version = None
        values = self._values
        for qid, value in record.items():
            if value is None or value == "":
                continue  # no answer (a null or an empty cell)
            table = values.get(qid)
            if table is None:
                if qid == VERSION_KEY:
                    version = echo(value)  # as the warning shows it: never a megabyte kept as a key
                    continue
                raise self._refusal(record)
            choice = table.get(value) if value.__class__ is str else None
            if choice is None:
                question = self.ruleset.question_by_id[qid]
                found = self.resolver.match(question, value)
                if found.choice is None:  # the resolver's own words, as `run` says them
                    error = self.resolver.value_error(question, value, found=found)
                    raise RecordError(error.message, error.hint)
                choice = found.choice
                # Only values that name a choice are remembered: a typo, seldom typed twice, never
                # pushes a good value out of the bounded table.
                if value.__class__ is str and len(value) <= _MEMO_TEXT_MAX:
                    if len(table) >= _VALUES_MAX:  # bounded: the oldest value is forgotten
                        del table[next(iter(table))]
                    table[value] = choice
            answers[qid] = choice
        other_version = version if version is not None and version != self.ruleset.version else None
        key = (*(answers.get(qid) for qid in self.question_ids), other_version)
        entry = self._memo.get(key)
        if entry is None:
            if len(self._memo) >= _RAW_MEMO_MAX:  # only many distinct `_version` values get here
                self._memo.clear()
            entry = self._memo[key] = self._evaluate(answers, other_version)
        if isinstance(entry, RecordError):
            raise entry.with_traceback(None)
        return entry

    def _refusal(self, record: dict[str, Any]) -> RecordError:
        """The resolver's own message for an unknown question or value (the same words as `run`)."""
        given = Given(values={k: v for k, v in record.items() if k != VERSION_KEY and v is not None and v != ""})
        try:
            self.resolver.resolve(given)
        except UserError as exc:
            return RecordError(exc.message, exc.hint)
        raise AssertionError("a refused record resolves")  # pragma: no cover

    def _evaluate(self, answers: dict[str, str], other_version: str | None) -> tuple[bytes, str] | RecordError:
        lang = self.lang
        try:
            result = self.engine.evaluate(answers)
        except IncompleteAnswers as exc:
            question = exc.question
            return RecordError(
                t("answers.missing", question=question.id, text=question.spec.text.get(lang)),
                self.resolver.allowed_hint(question),
            )
        except NoRuleMatched as exc:
            shown = ", ".join(f"{k}={v}" for k, v in exc.answers.items())
            return RecordError(t("rules.no_outcome", answers=shown), t("rules.hint_no_outcome"))
        warnings = []
        if other_version is not None:
            warnings.append(t("batch.other_version", theirs=other_version, ours=self.ruleset.version))
        ignored = set(result.ignored)
        warnings += [t("batch.ignored", key=qid) for qid in self.question_ids if qid in ignored]
        data = result_dict(result, self.ruleset, lang, warnings=warnings)
        return _compact(data)[1:].encode() + b"\n", result.verdict


class _Sink:
    """Where result lines go: stdout, or `--output` by the rules of `cmq_wizard.output` (a regular
    file replaced atomically at the end; a device or FIFO written straight into)."""

    def __init__(self, target: Path | None) -> None:
        self.target = target
        self.out = Target(target if target is not None else Path(STDOUT))

    def write(self, chunks: list[bytes]) -> None:
        self.out.write(b"".join(chunks))
        chunks.clear()

    def commit(self) -> None:
        self.out.commit()

    def abort(self) -> None:
        self.out.abort()


class _Progress:
    """A one-line bar on stderr, redrawn at most ten times a second; only on a terminal."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.last = 0.0
        self.drawn = False

    def update(self, records: int, position: int | None) -> None:
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        count = t("batch.progress", count=records)
        if self.total and position is not None:
            done = min(1.0, position / self.total)
            bar = "█" * int(30 * done) + "░" * (30 - int(30 * done))
            text = f"{bar} {done:4.0%}  {count}"
        else:
            text = count
        sys.stderr.write("\r" + text)
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _open_input(name: str) -> tuple[IO[bytes], str, int | None]:
    """The input as a binary stream, a name for messages, and its size when known."""
    if name == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only stdin (some embedders): re-encode it
            import io

            stream = io.BytesIO(sys.stdin.read().encode("utf-8"))
        return stream, "stdin", None
    path = Path(name)
    what = t("what.batch")
    try:
        if path.is_dir():
            raise UserError(t("file.is_dir", what=what), where=name, hint=t("file.hint_path"))
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller
        size = os.fstat(stream.fileno()).st_size
    except FileNotFoundError:
        raise UserError(t("file.not_found", what=what), where=name, hint=t("file.hint_path")) from None
    except PermissionError:
        raise UserError(t("file.unreadable", what=what), where=name, hint=t("file.hint_permission")) from None
    except OSError as exc:
        raise UserError(
            t("file.os_error", what=what, reason=exc.strerror or exc), where=name, hint=t("file.hint_path")
        ) from None
    return stream, name, size


def _peek(stream: Iterator[bytes]) -> tuple[list[bytes], bytes]:
    """The lines up to the first non-blank one, and that line's first non-blank character."""
    head: list[bytes] = []
    for raw in stream:
        head.append(raw)
        stripped = raw.lstrip(b" \t\r\n\xef\xbb\xbf")
        if stripped:
            return head, stripped[:1]
    return head, b""


def _format(name: str, first: bytes) -> str:
    suffix = Path(name).suffix.lower() if name != STDIN else ""
    if suffix in JSON_LINES_EXTENSIONS:
        return "jsonl"
    if suffix in CSV_EXTENSIONS:
        return "csv"
    return "jsonl" if first in (b"{", b"[") else "csv"


def _json_records(lines: Iterable[bytes], source: str, evaluator: Evaluator | None = None) -> Iterator[tuple[int, Any]]:
    """(line, record or RecordError) for every non-blank line of a JSON Lines input; with an
    `evaluator`, each record comes answered ((result bytes, verdict) or RecordError), and a line
    read before is answered from its memory, without decoding it again."""
    raw_decode = json.JSONDecoder().raw_decode
    known = evaluator.lines if evaluator is not None else {}
    for number, raw in enumerate(lines, 1):
        outcome = known.get(raw)
        if outcome is not None:
            yield number, outcome
            continue
        try:  # the common case, fast: a UTF-8 line holding one JSON value and its newline
            text = raw.decode()
            record, end = raw_decode(text)
            if end != len(text) and not text[end:].isspace():
                raise ValueError
        except ValueError:  # anything else gets json.loads' own verdict, and its words
            if raw.__class__ is _Overlong:
                yield number, _too_long()
                continue
        else:
            if record.__class__ is dict:
                yield number, (record if evaluator is None else evaluator.outcome(record, raw))
                continue
        try:
            record = json.loads(raw)
        except UnicodeDecodeError:
            yield number, RecordError(t("batch.not_utf8"), t("file.hint_utf8"))
            continue
        except ValueError as exc:
            if not raw.strip():
                continue
            if raw.lstrip(b" \t\xef\xbb\xbf").startswith(b"[") and number == 1:
                raise UserError(
                    t("batch.json_array"), where=location(source, number), hint=t("batch.hint_json_lines")
                ) from None
            if isinstance(exc, json.JSONDecodeError):
                from cmq_wizard.jsontext import problem

                yield number, RecordError(t("batch.bad_json", problem=problem(exc), column=exc.colno))
            else:  # pragma: no cover - json raises JSONDecodeError for text it cannot read
                yield number, RecordError(t("batch.bad_json", problem=exc, column=1))
            continue
        if record.__class__ is not dict:
            if isinstance(record, list) and number == 1:
                raise UserError(t("batch.json_array"), where=location(source, number), hint=t("batch.hint_json_lines"))
            yield number, RecordError(t("batch.not_object", kind=_kind(record)), t("batch.hint_json_lines"))
            continue
        yield number, (record if evaluator is None else evaluator.outcome(record, raw))


def _too_long() -> RecordError:
    return RecordError(t("batch.too_long", limit=f"{MAX_RECORD_BYTES // 1024} KB"), t("batch.hint_too_long"))


def _kind(value: Any) -> str:
    """What a JSON value is, in the language shown (« un nombre », "a number"); JSON's own
    literals as they are written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return t("json.kind_array")
    if isinstance(value, str):
        return t("json.kind_string")
    return t("json.kind_number") if isinstance(value, int | float) else t("json.kind_value")


def _csv_records(lines: Iterable[bytes], source: str, settings: Settings) -> Iterator[tuple[int, Any]]:
    """(line, record or RecordError) for every row of a CSV input after its header."""
    bad_lines: set[int] = set()
    long_lines: set[int] = set()

    def text_lines() -> Iterator[str]:
        for number, raw in enumerate(lines, 1):
            if raw.__class__ is _Overlong:
                long_lines.add(number)
                yield "\n"
                continue
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                bad_lines.add(number)
                yield raw.decode("utf-8", "replace")

    texts = text_lines()
    first, skipped = "", 0
    for first in texts:
        if first.strip():
            break
        skipped += 1
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(itertools.chain([first], texts), delimiter=delimiter)
    try:
        header_row = next(reader, [])
    except csv.Error as exc:
        where = location(source, skipped + 1)
        raise UserError(t("batch.bad_csv", problem=exc), where=where, hint=_header_hint(settings)) from None
    header = _header(header_row, source, skipped + 1, settings)
    previous = skipped + reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield previous + 1, RecordError(t("batch.bad_csv", problem=exc))
            previous = skipped + reader.line_num
            continue
        start, previous = previous + 1, skipped + reader.line_num
        if long_lines and any(n in long_lines for n in range(start, previous + 1)):
            yield start, _too_long()
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        if any(n in bad_lines for n in range(start, previous + 1)):
            yield start, RecordError(t("batch.not_utf8"), t("file.hint_utf8"))
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            yield start, RecordError(t("batch.too_many_cells", cells=len(row), columns=len(header)))
            continue
        yield start, {key: cell.strip() for key, cell in zip(header, row, strict=False) if key}


def _header_hint(settings: Settings) -> str:
    return t("batch.hint_header", questions=", ".join(q.id for q in settings.ruleset.questions))


def _header(row: list[str], source: str, line: int, settings: Settings) -> list[str]:
    """The question ids of a CSV header; an unknown or repeated one stops the run."""
    questions = settings.ruleset.question_by_id
    header: list[str] = []
    for cell in row:
        key = cell.strip()
        if key in header and key:
            raise UserError(
                t("batch.duplicate_column", key=echo(key)), where=location(source, line), hint=_header_hint(settings)
            )
        if key and key != VERSION_KEY and key not in questions:
            from cmq_wizard.loader import closest

            match = closest(key, questions)
            hint = sentences(t("hint.did_you_mean", match=match) if match else "", _header_hint(settings))
            raise UserError(t("answers.unknown_question", key=echo(key)), where=location(source, line), hint=hint)
        header.append(key)
    return header


def batch(settings: Settings, input_name: str, *, output: Path | None = None, strict: bool = False) -> int:
    stream, source, size = _open_input(input_name)
    try:
        bounded = _bounded_lines(stream)
        head, first = _peek(bounded)
        lines = itertools.chain(head, bounded)
        evaluator = Evaluator(settings)
        if _format(input_name, first) == "jsonl":
            records = _json_records(lines, source, evaluator)
        else:
            records = _csv_records(lines, source, settings)
        sink = _Sink(output)
        try:
            counts, errors = _run(records, evaluator, sink, source, strict, stream, size)
            sink.commit()
        except BaseException:
            sink.abort()
            raise
    finally:
        if stream is not getattr(sys.stdin, "buffer", None):
            stream.close()
    verdicts = settings.ruleset.meta.verdicts
    shown = ", ".join(
        t("batch.verdict_count", label=verdicts[v].label.get(settings.lang), count=counts[v])  # type: ignore[index]
        for v in VERDICT_ORDER
        if counts.get(v)
    )
    total = sum(counts.values()) + errors
    terminal.note(t("batch.summary", records=total, verdicts=shown or t("batch.no_verdict"), errors=errors))
    return 0


def _run(
    records: Iterator[tuple[int, Any]],
    evaluator: Evaluator,
    sink: _Sink,
    source: str,
    strict: bool,
    stream: IO[bytes],
    size: int | None,
) -> tuple[dict[str, int], int]:
    counts: dict[str, int] = {}
    errors = 0
    chunks: list[bytes] = []
    # A bar on the terminal, unless the results themselves are printed there (they would mix).
    shown = terminal.is_tty(sys.stderr) and (sink.target is not None or not terminal.is_tty(sys.stdout))
    progress = _Progress(size) if shown else None
    result = evaluator.result
    done = 0
    try:
        for line, record in records:
            try:
                if record.__class__ is RecordError:
                    raise record.with_traceback(None)
                # a record answered already (JSON Lines), or to answer now (CSV)
                rest, verdict = record if record.__class__ is tuple else result(record)
            except RecordError as exc:
                if strict:
                    sink.write(chunks)
                    hint = sentences(exc.hint or "", t("batch.hint_strict"))
                    raise UserError(exc.message, where=location(source, line), hint=hint) from None
                errors += 1
                chunks.append(exc.as_bytes(line) + b"\n")
            else:
                counts[verdict] = counts.get(verdict, 0) + 1
                chunks += (b'{"line":%d,' % line, rest)
            done += 1
            if len(chunks) >= _FLUSH_EVERY * 2:
                sink.write(chunks)
                if progress is not None:
                    progress.update(done, _tell(stream))
        sink.write(chunks)
    finally:
        if progress is not None:
            progress.close()
    return counts, errors


def _tell(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return None
