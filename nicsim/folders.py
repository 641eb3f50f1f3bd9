"""What every command that writes a folder shares: where it writes, and who asked."""

from pathlib import Path

import click

from simulation.errors import InputError


def output_folder(out: Path | None, name: str, force: bool) -> Path:
    """The folder a run or comparison will write: refused before any work if it (or a folder
    it would be in) is a file, or it already holds something and ``force`` is off (the
    sweeps' rule)."""
    out = out or Path("runs") / name
    file = next((p for p in (out, *out.parents) if p.exists() and not p.is_dir()), None)
    if file is not None:
        raise InputError(f"--out {out}: {file} is a file; give a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise InputError(
            f"{out} already exists; add --force to replace it, or choose another --out"
        )
    return out


def invocation():
    """This command's Invocation, for provenance.json: the command and start main recorded."""
    from analysis.provenance import Invocation

    return Invocation(**click.get_current_context().find_root().obj)
