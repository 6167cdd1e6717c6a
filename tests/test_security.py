"""Issue 11: nothing outside the program can be harmed (writes, cache, terminal, inputs).

Each test plays the attack as the review wrote it, in a temporary folder (devices and FIFOs are
made with mknod/mkfifo there, never in the real /dev), and checks that nothing ran, nothing
outside the target changed, and no ESC reached the terminal streams.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmq_wizard.cli import app
from cmq_wizard.typography import french

ROOT = Path(__file__).resolve().parent.parent
RUN = ["run", "--set", "profile=lycee", "--set", "goal=join", "--no-input"]
IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="mknod of a character device and chown need root (CI runs as root)")


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str = "", timeout: float = 120):  # type: ignore[no-untyped-def]
    """The real program in a child process (real file descriptors, real terminal streams)."""
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cmq_wizard", *args],
        cwd=cwd,
        env=full,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def no_escape(*streams: str) -> None:
    for stream in streams:
        assert "\x1b" not in stream and "\x9b" not in stream and "\u202e" not in stream


def make_null(folder: Path) -> Path:
    """A private /dev/null: character device 1,3."""
    folder.mkdir(exist_ok=True)
    node = folder / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.chmod(node, 0o666)
    return node


# --- 1. devices, FIFOs, symbolic links ------------------------------------------------------------


@needs_root
@pytest.mark.parametrize("option", ["-o", "--save-answers"])
def test_run_output_to_a_device_writes_into_it_and_keeps_it_a_device(tmp_path: Path, option: str) -> None:
    null = make_null(tmp_path / "dev")

    done = cli(*RUN, "--format", "json", option, "dev/null", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    info = os.lstat(null)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert stat.S_IMODE(info.st_mode) == 0o666
    assert sorted(os.listdir(tmp_path / "dev")) == ["null"]  # no temporary file left beside it
    no_escape(done.stdout, done.stderr)


def _drain(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as stream:
            into.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("command", ["run", "batch"])
def test_output_to_a_fifo_goes_through_the_fifo(tmp_path: Path, command: str) -> None:
    (tmp_path / "dev").mkdir()
    fifo = tmp_path / "dev" / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _drain(fifo, got)
    if command == "run":
        done = cli(*RUN, "--format", "json", "-o", "dev/fifo", cwd=tmp_path)
    else:
        (tmp_path / "same.jsonl").write_text('{"profile": "lycee", "goal": "join"}\n' * 50, encoding="utf-8")
        done = cli("batch", "same.jsonl", "-o", "dev/fifo", cwd=tmp_path)
    reader.join(60)

    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path / "dev")) == ["fifo"]
    text = got[0].decode()
    if command == "run":
        assert json.loads(text)["verdict"] == "eligible"
    else:
        assert len(text.splitlines()) == 50


def test_save_answers_through_a_symlink_to_stdout_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "stdout").symlink_to("/proc/self/fd/1")

    done = cli(*RUN, "--format", "json", "--save-answers", "dev/stdout", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert os.readlink(tmp_path / "dev" / "stdout") == "/proc/self/fd/1"
    assert "profile: lycee" in done.stdout  # the answers went to the link's target: stdout


def test_a_symlink_to_a_regular_file_is_written_through_and_kept(tmp_path: Path, runner: CliRunner) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "handout.md"
    link.symlink_to(real)

    result = runner.invoke(app, [*RUN, "-o", str(link)])

    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.md", "real.md"]


def test_a_dangling_symlink_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    link = tmp_path / "handout.md"
    link.symlink_to(tmp_path / "elsewhere" / "victim.md")

    result = runner.invoke(app, [*RUN, "-o", str(link)])

    assert result.exit_code == 2
    assert "lien symbolique vers un fichier qui n'existe pas" in result.stderr
    assert not (tmp_path / "elsewhere").exists()


@needs_root
def test_another_users_symlink_in_a_sticky_shared_folder_is_not_followed(tmp_path: Path, runner: CliRunner) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = shared / "handout.md"
    link.symlink_to(victim)
    os.lchown(link, 4242, 4242)  # planted by another user

    result = runner.invoke(app, [*RUN, "-o", str(link)])

    assert result.exit_code == 2
    assert "lien symbolique d'un autre utilisateur" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_dash_writes_the_document_on_stdout(tmp_path: Path) -> None:
    done = cli(*RUN, "--format", "json", "-o", "-", cwd=tmp_path)

    assert done.returncode == 0
    assert json.loads(done.stdout)["verdict"] == "eligible"
    assert not (tmp_path / "-").exists()


def test_batch_dash_output_is_stdout(tmp_path: Path) -> None:
    done = cli("batch", "-", "-o", "-", cwd=tmp_path, stdin='{"profile": "lycee", "goal": "join"}\n')

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["line"] == 1
    assert not (tmp_path / "-").exists()


# --- 2. a replaced file never keeps dangerous permissions ----------------------------------------


@pytest.mark.parametrize("option", ["-o", "--save-answers"])
def test_a_replaced_6777_file_comes_out_with_the_umask_mode(tmp_path: Path, option: str) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "handout.html"
    target.write_text("attacker's\n", encoding="utf-8")
    os.chmod(target, 0o6777)
    if IS_ROOT:
        os.chown(target, 4242, 4242)

    done = cli(*RUN, option, "shared/handout.html", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    info = os.stat(target)
    assert stat.S_IMODE(info.st_mode) == 0o644  # umask 022 in the tests' environment
    assert info.st_uid == os.geteuid()
    assert not info.st_mode & (stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX | stat.S_IWOTH)


def test_batch_output_over_a_6777_file_too(tmp_path: Path) -> None:
    target = tmp_path / "r.jsonl"
    target.write_text("", encoding="utf-8")
    os.chmod(target, 0o6777)

    done = cli("batch", "-", "-o", "r.jsonl", cwd=tmp_path, stdin='{"profile": "lycee", "goal": "join"}\n')

    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644


def test_a_private_file_stays_private(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "mine.md"
    target.write_text("", encoding="utf-8")
    os.chmod(target, 0o600)

    assert runner.invoke(app, [*RUN, "-o", str(target)]).exit_code == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    done = cli(*RUN, "-o", "new.md", cwd=tmp_path)

    assert done.returncode == 0
    assert stat.S_IMODE(os.stat(tmp_path / "new.md").st_mode) == 0o644


# --- 3. the kiosk's record file -------------------------------------------------------------------

VISIT = (
    '{"timestamp":"2026-01-01T10:00:00+01:00","answers":{"profile":"lycee","goal":"join"},'
    '"verdict":"eligible","outcomes":[]}\n'
)


def test_a_record_path_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    from cmq_wizard.errors import UserError
    from cmq_wizard.record import open_record

    victim = tmp_path / "victim_notes.txt"
    victim.write_text("notes\n", encoding="utf-8")
    link = tmp_path / "visits.jsonl"
    link.symlink_to(victim)

    with pytest.raises(UserError) as caught:
        open_record(link)

    assert "pas un fichier ordinaire" in caught.value.message
    assert victim.read_text(encoding="utf-8") == "notes\n"


def test_demo_refuses_a_symlinked_record_before_the_first_visitor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cmq_wizard import terminal
    from cmq_wizard.commands import demo as demo_cmd
    from cmq_wizard.errors import UserError
    from cmq_wizard.settings import Settings

    victim = tmp_path / "victim_notes.txt"
    victim.write_text("notes\n", encoding="utf-8")
    link = tmp_path / "visits.jsonl"
    link.symlink_to(victim)
    monkeypatch.setattr(terminal, "can_prompt", lambda: True)

    with pytest.raises(UserError):
        demo_cmd.demo(Settings(), record=link)

    assert victim.read_text(encoding="utf-8") == "notes\n"


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_record_path_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    from cmq_wizard.errors import UserError
    from cmq_wizard.record import open_record

    path = tmp_path / "visits.jsonl"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for writing would hang without a reader: refused before
    elif kind == "folder":
        path.mkdir()
    else:
        if not IS_ROOT:
            pytest.skip("mknod of a character device needs root (CI runs as root)")
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))

    with pytest.raises(UserError):
        open_record(path)


def test_each_visit_is_one_whole_line_and_a_torn_line_is_left_alone(tmp_path: Path, runner: CliRunner) -> None:
    from cmq_wizard.record import open_record

    path = tmp_path / "visits.jsonl"
    path.write_text(VISIT + VISIT[:40], encoding="utf-8")  # a power cut in the middle of the second visit

    record = open_record(path)
    record.write(VISIT)
    record.write(VISIT)
    record.close()

    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines == [VISIT[:-1], VISIT[:40], VISIT[:-1], VISIT[:-1], ""]
    result = runner.invoke(app, ["stats", str(path)])
    assert result.exit_code == 0
    assert f"{path}:2: " in result.stderr  # the torn line, by its number
    assert "3 visite(s)" in result.stdout


def test_a_new_record_file_gets_the_umask_mode(tmp_path: Path) -> None:
    from cmq_wizard.record import open_record

    record = open_record(tmp_path / "new.jsonl")
    record.write(VISIT)
    record.close()

    assert stat.S_IMODE(os.stat(tmp_path / "new.jsonl").st_mode) == 0o644


def test_concurrent_writers_lose_no_line(tmp_path: Path) -> None:
    from cmq_wizard.record import open_record

    path = tmp_path / "visits.jsonl"
    records = [open_record(path) for _ in range(4)]

    def visits(record) -> None:  # type: ignore[no-untyped-def]
        for _ in range(50):
            record.write(VISIT)

    threads = [threading.Thread(target=visits, args=(r,)) for r in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert path.read_text(encoding="utf-8") == VISIT * 200


# --- 9. stats never reads record values as markup -------------------------------------------------


def _visit(goal: str, verdict: str = "eligible") -> str:
    return json.dumps(
        {"timestamp": "2026-01-01T10:00:00+01:00", "answers": {"profile": "lycee", "goal": goal}, "verdict": verdict}
    )


def test_stats_shows_markup_in_a_record_as_written(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "visits.jsonl"
    link = "[link=http://evil.example]clickme[/link]"
    path.write_text(
        "\n".join([_visit(link), _visit("[/bold]"), _visit("\x1b]52;c;cHduZWQ=\x07"), _visit("x", "\x1b[2J")]) + "\n",
        encoding="utf-8",
    )

    result = runner.invoke(app, ["stats", str(path)])

    assert result.exit_code == 0, result.stderr
    assert link in result.stdout  # the text itself, not a hyperlink
    assert "[/bold]" in result.stdout
    assert "\\x1b]52;c;cHduZWQ=\\x07" in result.stdout
    assert f"{path}:4: " in result.stderr and "\\x1b[2J" in result.stderr
    no_escape(result.stdout, result.stderr)


def test_stats_with_a_rules_label_holding_markup(tmp_path: Path, runner: CliRunner, content_copy) -> None:  # type: ignore[no-untyped-def]
    rules, faq = content_copy
    questions = rules / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    from cmq_wizard.loader import load

    label = load(rules, faq).question_by_id["goal"].spec.choices[0].label.fr
    quoted = text.replace(f'"{label}"', label)  # whether the file quotes it or not
    questions.write_text(quoted.replace(label, json.dumps(label + " [/i]", ensure_ascii=False), 1), encoding="utf-8")
    path = tmp_path / "visits.jsonl"
    path.write_text(_visit(load(rules, faq).question_by_id["goal"].spec.choices[0].id) + "\n", encoding="utf-8")

    result = runner.invoke(app, ["--rules", str(rules), "--faq", str(faq), "stats", str(path)])

    assert result.exit_code == 0, result.stderr
    assert "[/i]" in result.stdout


# --- 4. the cache: nothing read from it can run code -----------------------------------------------

PICKLE = b"cos\nsystem\n(S'touch {marker}'\ntR."  # protocol 0: calls os.system when unpickled


def entry_names() -> list[str]:
    """The names of the entries a run of the shipped rule set reads (one a file, and the catalogue)."""
    from cmq_wizard import cache, loader, snapshot

    rules = ROOT / "rules"
    files = [
        (rules / "ruleset.yaml", "RulesetFile"),
        (rules / "questions.yaml", "QuestionsFile"),
        (ROOT / "faq.yaml", "FaqFile"),
        *((path, "RulesFile") for path in loader.rule_files(rules)),
    ]
    names = []
    for path, model in files:
        text = path.read_bytes().decode("utf-8-sig")
        names.append("file-" + cache.key("file", snapshot._code_stamp(), model, text)[:32])
    return names


def scripted(cwd: Path, cache_home: Path, **kwargs):  # type: ignore[no-untyped-def]
    env = {"XDG_CACHE_HOME": str(cache_home), "CMQ_WIZARD_NO_CACHE": ""}
    return cli(*RUN, "--format", "json", cwd=cwd, env=env, timeout=kwargs.get("timeout", 120))


def plant(folder: Path, how: str, marker: Path, bundle: Path) -> None:
    """An entry at every name a run reads, planted as `how`."""
    payload = PICKLE.replace(b"{marker}", str(marker).encode())
    bundle.mkdir(exist_ok=True)
    for name in entry_names():
        entry = folder / name
        if how == "symlink":  # to a file inside a bundle the victim copied
            (bundle / name).write_bytes(b"cmq-wizard-cache-2\n" + payload)
            entry.symlink_to(bundle / name)
        elif how == "fifo":
            os.mkfifo(entry)
        elif how == "oversize":
            with open(entry, "wb") as stream:
                stream.truncate(64 * 1024 * 1024)  # sparse: 64 MB that takes no room
            os.chmod(entry, 0o600)
        elif how == "hardlink":
            (bundle / name).write_bytes(payload)
            os.link(bundle / name, entry)
        else:  # a pickle in a regular file of the user's own
            entry.write_bytes(payload)
            os.chmod(entry, 0o600)


@pytest.mark.parametrize("how", ["pickle", "symlink", "fifo", "oversize", "hardlink"])
def test_a_planted_entry_in_the_users_own_folder_never_runs_and_is_rebuilt(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "cache" / "cmq-wizard"
    folder.mkdir(parents=True, mode=0o700)
    marker = tmp_path / "pwned"
    plant(folder, how, marker, tmp_path / "bundle")

    done = scripted(tmp_path, tmp_path / "cache", timeout=120)  # a FIFO must not make it hang

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "eligible"
    assert not marker.exists()
    no_escape(done.stdout, done.stderr)
    for name in entry_names():  # each replaced by a good entry: a regular file, one link, plain JSON
        info = os.lstat(folder / name)
        assert stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and info.st_size < 1024 * 1024
        json.loads((folder / name).read_bytes().split(b"\n", 3)[3])
    if how in ("symlink", "hardlink"):  # the files the links pointed to are untouched
        for name in entry_names():
            assert b"system" in (tmp_path / "bundle" / name).read_bytes()


def test_a_world_writable_cache_folder_is_not_used(tmp_path: Path) -> None:
    """A shared XDG_CACHE_HOME (1777) where someone made cmq-wizard/ 0777 and planted entries."""
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    folder = shared / "cmq-wizard"
    folder.mkdir()
    os.chmod(folder, 0o777)
    marker = tmp_path / "pwned"
    plant(folder, "symlink", marker, tmp_path / "bundle")
    before = sorted(os.listdir(folder))
    if IS_ROOT:
        os.chown(folder, 4242, 4242)

    done = scripted(tmp_path, shared)

    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert sorted(os.listdir(folder)) == before  # nothing read, nothing written there


@needs_root
def test_a_cache_folder_owned_by_another_user_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "cmq-wizard"
    folder.mkdir(parents=True, mode=0o700)
    marker = tmp_path / "pwned"
    plant(folder, "pickle", marker, tmp_path / "bundle")
    os.chown(folder, 4242, 4242)
    for name in os.listdir(folder):
        os.chown(folder / name, 4242, 4242)

    done = scripted(tmp_path, tmp_path / "cache")

    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert all(os.stat(folder / name).st_uid == 4242 for name in os.listdir(folder))


def test_no_home_and_no_passwd_entry_means_no_cache(tmp_path: Path) -> None:
    """HOME unset and no passwd entry (the user id is unknown): no `./~/.cache` folder appears.

    A child process whose `pwd.getpwuid` finds no entry stands for such a user: running as an
    unknown uid for real cannot reach this Python, which lives under /root."""
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME", "CMQ_WIZARD_NO_CACHE")}
    probe = (
        "import pwd, sys\n"
        "def nobody(uid): raise KeyError(uid)\n"
        "pwd.getpwuid = nobody\n"
        "from cmq_wizard.cli import main\n"
        "sys.argv = ['cmq-wizard', *sys.argv[1:]]\n"
        "main()\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe, *RUN, "--format", "json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "eligible"
    assert os.listdir(work) == []


def test_no_home_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    from cmq_wizard import cache

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_entry(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert cache.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG rule: ignored
    assert cache.cache_dir() is None


# --- 5. each input read once, bounded, and the cache hashes what was read --------------------------


def test_faq_from_dev_zero_is_too_large_not_a_memory_error(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    zero = tmp_path / "dev" / "zero"
    if IS_ROOT:
        os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    else:
        zero = Path("/dev/zero")  # read only: never written to
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (800_000 * 1024, 800_000 * 1024))

    done = subprocess.run(
        [sys.executable, "-m", "cmq_wizard", "--faq", str(zero), "faq", "list"],
        cwd=tmp_path,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "CMQ_WIZARD_NO_CACHE": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limit,
    )

    assert done.returncode == 2, done.stderr
    assert "trop volumineux" in done.stderr
    assert "MemoryError" not in done.stderr


def test_faq_from_a_pipe_is_read_once(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    data = (ROOT / "faq.yaml").read_bytes()

    def feed() -> None:
        with os.fdopen(write_end, "wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cmq_wizard", "--faq", f"/dev/fd/{read_end}", "faq", "list"],
            cwd=tmp_path,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "CMQ_WIZARD_NO_CACHE": ""},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            pass_fds=(read_end,),
        )
    finally:
        os.close(read_end)
        writer.join(10)

    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) >= 5


# --- 6. no import circle: the catalogue is read without the rule-set reader ------------------------


def test_the_catalogue_loads_without_the_rule_set_reader() -> None:
    probe = (
        "import sys; from cmq_wizard import i18n; i18n.t('error.prefix');"
        "print(sorted(m for m in sys.modules if m.startswith('cmq_wizard')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)

    assert done.stdout.strip() == "['cmq_wizard', 'cmq_wizard.i18n']"  # compiled JSON: no YAML, no cache


# --- 7. escape sequences in answers, CSV headers, values never reach the terminal -------------------

OSC52 = "\x1b]52;c;cHduZWQ=\x07\x1b[2J"


def test_an_escape_in_an_answer_file_is_shown_not_sent(tmp_path: Path) -> None:
    (tmp_path / "esc.yaml").write_text('profile: "\\e]52;c;cHduZWQ=\\a\\e[2J"\n', encoding="utf-8")

    done = cli("run", "-a", "esc.yaml", "--no-input", cwd=tmp_path)

    assert done.returncode == 2
    assert "\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J" in done.stderr
    no_escape(done.stdout, done.stderr)


def test_an_unknown_key_is_echoed_cut(tmp_path: Path) -> None:
    key = "k" * 4096
    (tmp_path / "long.yaml").write_text(f"? {key}\n: x\nprofile: lycee\ngoal: join\n", encoding="utf-8")

    for args in (["-a", "long.yaml"], ["--set", f"{key}=x"]):
        done = cli("run", *args, "--no-input", cwd=tmp_path)
        assert done.returncode == 2
        assert "k" * 79 + "…" in done.stderr and "k" * 81 not in done.stderr
        assert len(done.stderr) < 1500


def test_a_version_with_an_escape_reaches_the_warning_visible(tmp_path: Path) -> None:
    (tmp_path / "v.yaml").write_text('_version: "\\e]0;X\\e\\\\"\nprofile: lycee\ngoal: join\n', encoding="utf-8")

    done = cli("run", "-a", "v.yaml", "--no-input", "--format", "text", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert "\\x1b]0;X\\x1b\\" in done.stderr
    no_escape(done.stdout, done.stderr)


def test_a_csv_header_cell_with_an_escape_is_echoed_visible(tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_text(f"profile,{OSC52}\nlycee,join\n", encoding="utf-8")

    done = cli("batch", "h.csv", cwd=tmp_path)

    assert done.returncode == 2
    assert "\\x1b]52" in done.stderr  # (the ';' of the sequence make ';' the delimiter guessed)
    no_escape(done.stdout, done.stderr)


def test_a_value_under_strict_is_echoed_visible_and_cut(tmp_path: Path) -> None:
    record = json.dumps({"profile": OSC52 + "x" * 5000, "goal": "join"})

    done = cli("batch", "-", "--strict", cwd=tmp_path, stdin=record + "\n")

    assert done.returncode == 2
    assert "\\x1b]52" in done.stderr and "x" * 100 not in done.stderr
    no_escape(done.stdout, done.stderr)


def test_batch_results_escape_c1_and_bidi_in_json(tmp_path: Path) -> None:
    record = json.dumps({"profile": "lycee", "goal": "join", "_version": "\u202e\x9b1"})

    done = cli("batch", "-", cwd=tmp_path, stdin=record + "\n")

    assert done.returncode == 0, done.stderr
    no_escape(done.stdout, done.stderr)
    assert json.loads(done.stdout)["line"] == 1


# --- 8. rule and FAQ texts with escapes: rules check says where, renderers neutralise -------------


@pytest.fixture
def crafted(content_copy):  # type: ignore[no-untyped-def]
    """A rules folder whose title, a choice label and the FAQ carry OSC 52, OSC 0 and OSC 8."""
    rules, faq = content_copy
    meta = rules / "ruleset.yaml"
    text = meta.read_text(encoding="utf-8")
    lines = text.splitlines()
    title_line = next(i for i, line in enumerate(lines) if line.lstrip().startswith("title:"))
    indent = lines[title_line][: len(lines[title_line]) - len(lines[title_line].lstrip())]
    lines[title_line] = indent + 'title: "Campus\\e]0;PWNED\\a \\e]52;c;cHduZWQ=\\a"'
    # the title may be a block mapping: drop its language lines
    while title_line + 1 < len(lines) and lines[title_line + 1].startswith(indent + "  "):
        del lines[title_line + 1]
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    faq_text = faq.read_text(encoding="utf-8")
    faq.write_text(
        faq_text.replace(
            "entries:",
            "entries:\n  - id: zz-esc\n"
            '    question: "Q \\e]8;;http://evil.example\\e\\\\clic\\e]8;;\\e\\\\"\n'
            '    answer: "A \\u202eevil"\n',
            1,
        ),
        encoding="utf-8",
    )
    return rules, faq, title_line + 1


def test_rules_check_reports_each_control_character_with_file_and_line(crafted) -> None:  # type: ignore[no-untyped-def]
    rules, faq, line = crafted

    done = cli("--rules", str(rules), "--faq", str(faq), "rules", "check", cwd=rules.parent)

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{rules / 'ruleset.yaml'}:{line}: " in done.stdout
    assert "caractère de contrôle \\x1b" in done.stdout
    faq_lines = faq.read_text(encoding="utf-8").splitlines()
    q_line = next(i for i, text in enumerate(faq_lines, 1) if "zz-esc" in text) + 1
    assert f"{faq}:{q_line}: " in done.stdout
    assert "\\u202e" in done.stdout
    no_escape(done.stdout, done.stderr)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "rich"])
def test_renderers_neutralise_escapes_in_rules_and_faq(crafted, fmt: str) -> None:  # type: ignore[no-untyped-def]
    rules, faq, _ = crafted
    env = {"TERM": "xterm", "COLUMNS": "100"}

    if fmt == "rich":  # the colour output, forced on as on a terminal
        probe = (
            "import sys; from pathlib import Path; from rich.console import Console;"
            "from cmq_wizard.settings import Settings;"
            "from cmq_wizard.commands import run; from cmq_wizard.render import rich_, view;"
            f"s = Settings(rules_dir=Path({str(rules)!r}), faq_path=Path({str(faq)!r}));"
            "r = run.evaluate(s, {'profile': 'lycee', 'goal': 'join'}, False);"
            "rich_.render(view.build(r, s.ruleset, 'fr'), Console(force_terminal=True, width=100))"
        )
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        out = done.stdout.replace("\x1b[", "").replace("\x1b]", "OSC")  # rich's own styling is allowed
        assert "OSC" not in out and "\\x1b]0;PWNED" in out
        return
    done = cli("--rules", str(rules), "--faq", str(faq), *RUN, "--format", fmt, cwd=rules.parent, env=env)

    assert done.returncode == 0, done.stderr
    no_escape(done.stdout, done.stderr)
    if fmt == "json":  # the result object holds no title: it stays valid JSON
        assert json.loads(done.stdout)["verdict"] == "eligible"
    else:
        assert "PWNED" in done.stdout


def test_faq_commands_neutralise_escapes(crafted) -> None:  # type: ignore[no-untyped-def]
    rules, faq, _ = crafted

    for args in (["faq", "list"], ["faq", "show", "zz-esc"], ["faq", "search", "evil"]):
        done = cli("--rules", str(rules), "--faq", str(faq), *args, cwd=rules.parent)
        assert done.returncode == 0, done.stderr
        no_escape(done.stdout, done.stderr)
        assert "\\x1b]8;;http://evil.example" in done.stdout


def test_the_kiosk_welcome_screen_neutralises_escapes(crafted) -> None:  # type: ignore[no-untyped-def]
    import io

    from rich.console import Console

    from cmq_wizard.commands import demo as demo_cmd
    from cmq_wizard.prompts import Prompter
    from cmq_wizard.settings import Settings

    rules, faq, _ = crafted
    screen = io.StringIO()
    kiosk = demo_cmd.Kiosk(
        Settings(rules_dir=rules, faq_path=faq),
        Prompter(),  # the kiosk sets its hooks on it; nothing is asked here
        Console(file=screen, force_terminal=True, width=100),
    )
    kiosk.draw_welcome()

    shown = screen.getvalue().replace("\x1b[", "")  # rich's own styling (CSI) is allowed
    assert "\x1b]" not in shown  # no OSC: no title, clipboard or link sequence
    assert "\\x1b]0;pwned" in shown.lower()  # shown, in capitals when the block font lacks a character


# --- 10. batch: a record size bound, bounded tables, memory flat ----------------------------------


def _limited(mb: int):  # type: ignore[no-untyped-def]
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))

    return limit


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_20_mb_record_is_an_error_line_and_memory_stays_flat(tmp_path: Path, kind: str) -> None:
    good = '{"profile": "lycee", "goal": "join"}\n' if kind == "jsonl" else "lycee,join\n"
    huge = (
        '{"profile": "' + "a" * (20 * 1024 * 1024) + '", "goal": "join"}\n'
        if kind == "jsonl"
        else "a" * (20 * 1024 * 1024) + ",join\n"
    )
    header = "" if kind == "jsonl" else "profile,goal\n"
    source = tmp_path / f"big.{kind}"
    source.write_text(header + good + huge + good, encoding="utf-8")

    done = subprocess.run(
        [sys.executable, "-m", "cmq_wizard", "batch", str(source)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=_limited(700),  # the unbounded reader took 924 MB for a 20 MB line
    )

    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    first = 1 if kind == "jsonl" else 2
    assert [line["line"] for line in lines] == [first, first + 1, first + 2]
    assert "trop long" in lines[1]["error"]
    assert "verdict" in lines[0] and "verdict" in lines[2]


def test_the_value_tables_are_bounded(settings_evaluator) -> None:  # type: ignore[no-untyped-def]
    from cmq_wizard.commands import batch as batch_cmd

    evaluator = settings_evaluator
    for n in range(3 * batch_cmd._VALUES_MAX):
        with pytest.raises(batch_cmd.RecordError):
            evaluator.result({"profile": f"nope-{n}", "goal": "join"})
        with pytest.raises(batch_cmd.RecordError):
            evaluator.result({"profile": "lycee", "goal": "join", "x" * 300: "y" * 300})

    assert all(len(table) <= batch_cmd._VALUES_MAX for table in evaluator._values.values())
    assert len(evaluator._raw) <= 3 * batch_cmd._VALUES_MAX  # the long records were never remembered
    assert evaluator.result({"profile": "lycee", "goal": "join"})[1] == "eligible"


def test_typos_never_push_a_good_value_out_of_its_table(settings_evaluator) -> None:  # type: ignore[no-untyped-def]
    """A sheet's thousands of distinct typos are not remembered: the values that name a choice
    stay in the bounded table, so a million records never resolve the same good value twice."""
    from cmq_wizard.commands import batch as batch_cmd

    evaluator = settings_evaluator
    assert evaluator.result({"profile": "Entreprise", "goal": "join", "activity_in_theme": "oui"})[1] == "eligible"
    for n in range(2 * batch_cmd._VALUES_MAX):
        with pytest.raises(batch_cmd.RecordError, match="invalide"):
            evaluator.result({"profile": f"entrepise-{n}", "goal": "join"})

    assert evaluator._values["profile"] == {"Entreprise": "company"}
    assert evaluator._values["activity_in_theme"] == {"oui": "yes"}


@pytest.fixture
def settings_evaluator():  # type: ignore[no-untyped-def]
    from cmq_wizard.commands.batch import Evaluator
    from cmq_wizard.settings import Settings

    return Evaluator(Settings())


# --- 11. a non-scalar mapping key is refused cleanly ----------------------------------------------

SET_KEY = "? !!set {a: null}\n: x\n"


def test_a_set_as_a_key_in_an_answer_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SET_KEY, encoding="utf-8")

    done = cli("run", "-a", "a.yaml", "--no-input", cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith(french("Erreur : a.yaml:1: une clé doit être un texte simple"))


def test_a_set_as_a_key_in_rules_and_faq(content_copy) -> None:  # type: ignore[no-untyped-def]
    rules, faq = content_copy
    (rules / "propose.yaml").write_text("rules:\n  - " + SET_KEY.replace("\n:", "\n    :"), encoding="utf-8")

    done = cli("--rules", str(rules), "--faq", str(faq), "rules", "check", cwd=rules.parent)
    assert done.returncode == 1, done.stderr
    assert f"{rules / 'propose.yaml'}:2: " in done.stdout and "une clé doit être un texte simple" in done.stdout

    faq.write_text(SET_KEY, encoding="utf-8")
    done = cli("--faq", str(faq), "faq", "list", cwd=rules.parent)
    assert done.returncode == 2
    assert f"{faq}:1: une clé doit être un texte simple" in done.stderr


@pytest.mark.parametrize(
    "key", ["? [1, 2]\n: x\n", "? {a: 1}\n: x\n", "? !!set {a: null}\n: x\n", "? !!omap [a: 1]\n: x\n"]
)
def test_any_non_scalar_key_is_refused(key: str) -> None:
    from cmq_wizard import yamlio
    from cmq_wizard.errors import UserError

    with pytest.raises(UserError) as refused:
        yamlio.parse(key, source="f.yaml")
    assert refused.value.where == "f.yaml:1"


# --- 12. editor leftovers in the rules folder ------------------------------------------------------


@pytest.mark.parametrize(
    "name", [".#join.yaml", "join.yaml~", ".join.yaml.swp", "#join.yaml#", ".hidden.yaml", "#x.yaml"]
)
def test_editor_leftovers_in_the_rules_folder_are_ignored(content_copy, name: str) -> None:  # type: ignore[no-untyped-def]
    rules, faq = content_copy
    leftover = rules / name
    if name == ".#join.yaml":  # an Emacs lock: a dangling symbolic link
        leftover.symlink_to("root@host.1234:1700000000")
    else:
        leftover.write_text("not: [yaml\n", encoding="utf-8")

    for args in (["rules", "check"], [*RUN, "--format", "json"]):
        done = cli("--rules", str(rules), "--faq", str(faq), *args, cwd=rules.parent)
        assert done.returncode == 0, done.stdout + done.stderr
        assert name not in done.stdout + done.stderr


# --- 13. warnings are part of the written document -------------------------------------------------


@pytest.mark.parametrize("ext", ["md", "html", "txt"])
def test_warnings_reach_the_output_document(tmp_path: Path, ext: str) -> None:
    (tmp_path / "a.yaml").write_text(
        "_version: '1999.1'\nprofile: lycee\ngoal: join\ngovernance_role: member\n", encoding="utf-8"
    )

    done = cli("run", "-a", "a.yaml", "--no-input", "-o", f"out.{ext}", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    document = (tmp_path / f"out.{ext}").read_text(encoding="utf-8")
    assert "1999.1" in document  # the version mismatch
    assert "governance" in document  # the answer this path does not ask
    assert "1999.1" in done.stderr  # and still said on the terminal
