"""docs/model.md is the model's one source of truth: citations of it resolve, and its
parameter tables (§7.3) say what simulation/pdsa/parameters.py defines."""

import re
from dataclasses import fields
from fractions import Fraction
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest

from simulation.pdsa.parameters import PDSAParameters

ROOT = Path(__file__).resolve().parents[1]
MODEL_DOC = ROOT / "docs" / "model.md"
CITED_FROM = ("simulation", "scenarios", "analysis", "viz", "nicsim", "tests", "benchmarks")
CITATION = re.compile(r"docs/model\.md,? §\s?(\d+(?:\.\d+)*)")


def _sections() -> set[str]:
    """The numbers of docs/model.md's headings ("1", "1.3", "7.2.12" …)."""
    heading = re.compile(r"^#+ (\d+(?:\.\d+)*)\.? ", re.MULTILINE)
    return set(heading.findall(MODEL_DOC.read_text(encoding="utf-8")))


def _project_files():
    for folder in CITED_FROM:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".toml") and ".venv" not in path.parts:
                yield path
    yield from (ROOT / "docs").glob("*.md")
    yield ROOT / "README.md"


def test_every_cited_section_of_the_model_description_exists():
    sections = _sections()
    missing = [
        f"{path.relative_to(ROOT)}: §{number}"
        for path in _project_files()
        for number in CITATION.findall(path.read_text(encoding="utf-8"))
        if number not in sections
    ]
    assert not missing, f"cited sections not in docs/model.md: {missing}"


def test_the_project_cites_no_design_note_users_do_not_have():
    """Code, tests, presets and docs cite docs/model.md, never the team's design note."""
    design_note = re.compile(r"(?<!docs/)(?<!docs/model\.)\bMODEL\.md")
    offenders = [
        str(path.relative_to(ROOT))
        for path in _project_files()
        if design_note.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"these files cite the design note: {offenders}"


def _documented_parameters() -> dict[str, dict[str, str]]:
    """§7.3's tables: section → parameter → {default, range, meaning, tag}."""
    text = MODEL_DOC.read_text(encoding="utf-8")
    tables = {}
    for section, body in re.findall(r"^#### `(\w+)`\n\n((?:\|.*\n)+)", text, re.MULTILINE):
        rows = [line.strip("|").split(" | ") for line in body.splitlines()[2:]]
        tables[section] = {
            row[0].strip().strip("`"): dict(
                zip(
                    ("default", "range", "meaning", "tag"),
                    [c.strip() for c in row[1:5]],
                    strict=True,
                )
            )
            for row in rows
        }
    return tables


def _groups():
    return [(f.name, f.default_factory()) for f in fields(PDSAParameters)]


@pytest.mark.parametrize("section, group", _groups(), ids=[name for name, _ in _groups()])
def test_parameter_table_matches_the_code(section, group):
    documented = _documented_parameters().get(section)
    assert documented is not None, f"docs/model.md §7.3 has no table for `{section}`"
    defined = {f.name: f for f in fields(group)}
    assert list(documented) == list(defined), f"{section}: parameters differ from the code"
    for name, f in defined.items():
        row = documented[name]
        assert row["tag"] == f"[{f.metadata['tag']}]", f"{section}.{name}: tag"
        assert row["meaning"] == f.metadata["doc"], f"{section}.{name}: meaning"
        assert _same_default(row["default"], f.default), f"{section}.{name}: default"
        if get_origin(f.type) is Literal:
            assert row["range"] == " / ".join(f"`{v}`" for v in get_args(f.type))
        else:
            for bound in ("low", "high"):
                value = f.metadata[bound]
                if value is not None:
                    assert _number_in(value, row["range"]), f"{section}.{name}: {bound} bound"


def _same_default(written: str, value) -> bool:
    if isinstance(value, str):
        return written == f"`{value}`"
    if isinstance(value, tuple):
        numbers = [float(Fraction(n)) for n in re.findall(r"-?[\d.]+", written)]
        return numbers == [float(v) for v in value]
    return float(Fraction(written)) == pytest.approx(float(value))


def _number_in(value: float, written: str) -> bool:
    return any(float(n) == pytest.approx(value) for n in re.findall(r"-?\d+(?:\.\d+)?", written))
