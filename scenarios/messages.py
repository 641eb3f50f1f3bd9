"""One-line messages for validation errors, naming the key and what is allowed."""

import difflib
import re

from pydantic import BaseModel, ValidationError


def did_you_mean(word: str, allowed: list[str]) -> str:
    """' (did you mean 'x'?)' for a near miss among ``allowed``, else ''."""
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe(error: ValidationError, model: type[BaseModel], source: str) -> str:
    """The first problem of a pydantic ValidationError as one line about ``source``."""
    return one_line(_describe(error, model, source))


def one_line(text: str) -> str:
    """``text`` on one line: a key or value echoed from a file may hold line breaks."""
    return " ".join(text.split())


def _describe(error: ValidationError, model: type[BaseModel], source: str) -> str:
    first = error.errors(include_url=False)[0]
    location = [str(part) for part in first["loc"]]
    key = ".".join(location)
    if first["type"] == "extra_forbidden":
        allowed = _fields_at(model, location[:-1])
        hint = did_you_mean(location[-1], allowed)
        return f"{source}: unknown key '{key}'{hint}; allowed: {', '.join(allowed)}"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        return f"{source}: missing key '{key}'"
    if first["type"] == "value_error" or not key:  # a check of a whole section: says it all
        return f"{source}: {message}"
    if first["type"] == "literal_error" and isinstance(first["input"], str):
        allowed = re.findall(r"'([^']*)'", first["ctx"]["expected"])
        message += did_you_mean(first["input"], allowed)
    return f"{source}: {key}={first['input']!r}: {message}"


def _fields_at(model: type[BaseModel], path: list[str]) -> list[str]:
    """Names of the fields of the (nested) model found at ``path``."""
    for part in path:
        annotation = model.model_fields[part].annotation
        model = next(
            (t for t in getattr(annotation, "__args__", (annotation,)) if _is_model(t)), model
        )
    return list(model.model_fields)


def _is_model(annotation: object) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
