"""Output folders and their provenance: what made a run, when, where, from which code; a
folder is never silently replaced; permissions follow the umask; OS errors are one line."""

import json
import os
import shutil
import socket
import stat
from datetime import datetime

import pytest
from cli_support import in_process

from analysis.output import write_folder
from analysis.provenance import CODE_PACKAGES, CODE_ROOT, code_revision, package_hash


def run_quickstart(tmp_path, monkeypatch, capsys, *extra):
    args = ["run", "quickstart", "--steps", "2", "--seed", "1", "--out", "o", "-q", *extra]
    return in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)


def test_provenance_says_what_made_the_run_when_where_and_from_which_code(
    tmp_path, monkeypatch, capsys
):
    before = datetime.now().astimezone()
    code, _, err = run_quickstart(tmp_path, monkeypatch, capsys)
    assert code == 0, err
    record = json.loads((tmp_path / "o" / "provenance.json").read_text())
    assert record["command"] == "nicsim run quickstart --steps 2 --seed 1 --out o -q"
    assert record["working_directory"] == str(tmp_path)
    started = datetime.fromisoformat(record["started"])
    assert started.utcoffset().total_seconds() == 0  # UTC
    assert before.replace(microsecond=0) <= started <= datetime.now().astimezone()
    assert record["wall_seconds"] > 0
    assert record["host"] == socket.gethostname()
    assert record["code_revision"] == code_revision()
    assert record["seed"] == 1 and record["packages"]["mesa"].startswith("3.")


def test_the_code_revision_is_git_describe_in_a_checkout_else_a_hash_of_the_files(tmp_path):
    if (CODE_ROOT / ".git").exists():  # this test runs from a git checkout or worktree
        assert code_revision().startswith("git:")
    for copy in ("a", "b"):
        for package in CODE_PACKAGES:
            shutil.copytree(CODE_ROOT / package, tmp_path / copy / package)
    revision = code_revision(tmp_path / "a")  # no git repository here
    assert revision == f"sha256:{package_hash(tmp_path / 'a')}"
    assert code_revision(tmp_path / "b") == revision  # same files, same hash
    (tmp_path / "b" / "simulation" / "errors.py").write_text("# changed\n", encoding="utf-8")
    assert code_revision(tmp_path / "b") != revision


def test_an_existing_run_folder_is_refused_unless_forced(tmp_path, monkeypatch, capsys):
    assert run_quickstart(tmp_path, monkeypatch, capsys)[0] == 0
    summary = tmp_path / "o" / "summary.json"
    summary.write_text("mine")
    code, _, err = run_quickstart(tmp_path, monkeypatch, capsys)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("nicsim: error: o already exists; add --force to replace it")
    assert summary.read_text() == "mine"  # untouched
    code, _, err = run_quickstart(tmp_path, monkeypatch, capsys, "--force")
    assert code == 0, err
    assert json.loads(summary.read_text())["steps"] == 2


def test_an_existing_comparison_folder_is_refused_unless_forced(tmp_path, monkeypatch, capsys):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "notes.txt").write_text("mine")
    args = ["compare", "quickstart", "quickstart", "--steps", "2", "-r", "2", "--out", "c", "-q"]
    code, _, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "--force" in err and (tmp_path / "c" / "notes.txt").exists()
    code, _, err = in_process(
        *args, "--force", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0, err
    assert (tmp_path / "c" / "comparison.csv").exists()
    assert not (tmp_path / "c" / "notes.txt").exists()
    record = json.loads((tmp_path / "c" / "provenance.json").read_text())
    assert record["command"] == f"nicsim {' '.join(args)} --force"
    assert record["code_revision"] == code_revision() and record["wall_seconds"] > 0


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_output_folders_and_files_follow_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        folder = write_folder(
            tmp_path / "runs" / "out", lambda staging: (staging / "f.json").write_text("{}")
        )
    finally:
        os.umask(old)
    for path, full in ((tmp_path / "runs", 0o777), (folder, 0o777), (folder / "f.json", 0o666)):
        assert stat.S_IMODE(path.stat().st_mode) == full & ~umask, path


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["schema", "--out", "nodir/x.json"], "nodir/x.json: No such file or directory"),
        (["schema", "--out", "adir"], "adir: Is a directory"),
        (["schema", "--out", "afile/x.json"], "afile/x.json: Not a directory"),
        (["run", "quickstart", "--steps", "1", "--out", "afile/run"], "afile is a file"),
        (["run", "quickstart", "--steps", "1", "--out", "afile"], "afile is a file"),
        (["run", "quickstart", "--steps", "1", "--out", "/sys/nicsim-run"], "not permitted"),
    ],
)
def test_os_errors_are_one_line_and_exit_code_2(tmp_path, monkeypatch, capsys, args, fragment):
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("")
    code, _, err = in_process(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("nicsim: error: "), err
    assert fragment in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "afile"]  # nothing left
