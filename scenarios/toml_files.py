"""Reading the TOML files users write (scenarios and sweeps): any bytes in, a document or
one line out.

A file that cannot be read, is larger than any scenario needs, is not UTF-8 text, is not
TOML, or nests tables and arrays deeper than any scenario needs raises
:class:`simulation.errors.InputError` with a one-line message naming the file. Nothing
else escapes, so no file can end a command in a traceback.
"""

import tomllib
from pathlib import Path
from typing import Any

from scenarios.messages import one_line
from simulation.errors import InputError

MAX_BYTES = 16 * 2**20
"""Largest scenario or sweep file read (16 MB): far above any real one, and a bound on the
memory a mistaken argument (a log file, a disk image) can take."""
MAX_DEPTH = 16
"""Deepest nesting of tables and arrays accepted: a scenario needs 4 (variants.NAME holding
a table of lists), a sweep 3. Deeper documents are refused before anything walks them
recursively."""


def read_text(path: Path, what: str) -> str:
    """The text of the file at ``path`` (``what`` names it in messages, e.g. "sweep file").

    UTF-8, with or without a byte-order mark; InputError if it cannot be read, is over
    ``MAX_BYTES`` or is not UTF-8 text.
    """
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise InputError(f"{what} {path} cannot be read: {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{what} {path} is larger than {MAX_BYTES // 2**20} MB; is it TOML?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{what} {path} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); scenario and sweep files are TOML"
        ) from None


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """The document in TOML ``text``; InputError naming ``origin`` if it is not TOML or
    nests deeper than ``MAX_DEPTH``."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(one_line(f"{origin} is not valid TOML: {error}")) from None
    except RecursionError:  # the parser's own recursion on arrays nested ~1000 deep
        raise InputError(too_deep(origin)) from None
    check_depth(document, origin)
    return document


def check_depth(value: Any, origin: str) -> None:
    """InputError if ``value`` nests tables and arrays more than ``MAX_DEPTH`` deep (counted
    level by level, without recursion)."""
    level, depth = [value], 0
    while level := [item for item in level if isinstance(item, dict | list)]:
        depth += 1
        if depth > MAX_DEPTH:
            raise InputError(too_deep(origin))
        level = [c for item in level for c in (item.values() if isinstance(item, dict) else item)]


def too_deep(origin: str) -> str:
    return f"{origin} nests tables or arrays more than {MAX_DEPTH} levels deep"
