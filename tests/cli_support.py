"""Calling the nicsim command's entry point inside the test process."""

from pathlib import Path

from nicsim.cli import main


def in_process(*args: str, cwd: Path, monkeypatch, capsys) -> tuple[int, str, str]:
    """Run ``nicsim ARGS`` in ``cwd``: (exit code, stdout, stderr)."""
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    code = 0
    try:
        main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err
