"""Scenario sections generated from the model's parameter groups, so there is one source.

Each PDSA parameter group (``simulation.pdsa.parameters``) becomes a pydantic model with
the same fields, defaults, bounds and descriptions (the description ends with the field's
evidence tag: [E], [E→A] or [A]).
"""

from dataclasses import MISSING, fields
from typing import Annotated, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, Strict, create_model

from simulation.pdsa.parameters import PDSAParameters


def _bounded(kind: type, low, high):
    """``kind`` as TOML writes it (strict: ``true`` is not 1, ``"1"`` not a number), in bounds."""
    if (low, high) == (None, None):
        return Annotated[kind, Strict()]
    return Annotated[kind, Strict(), Field(ge=low, le=high)]


def section_model(group: type, optional: bool = False) -> type[BaseModel]:
    """A pydantic model of a parameter group; with ``optional``, every field may be unset."""
    definitions = {}
    for f in fields(group):
        low, high = f.metadata.get("low"), f.metadata.get("high")
        if get_origin(f.type) is Literal:
            annotation = f.type
        elif get_origin(f.type) is tuple:
            annotation = tuple[_bounded(get_args(f.type)[0], low, high), ...]
        else:
            annotation = _bounded(f.type, low, high)
        default = f.default if f.default is not MISSING else f.default_factory()
        description = f"{f.metadata['doc']} [{f.metadata['tag']}]"
        if optional:
            annotation, default = annotation | None, None
            description += f"; default {default if default is not None else f.default}"
        definitions[f.name] = (annotation, Field(default, description=description))
    name = group.__name__.removesuffix("Parameters") + "Section"
    return create_model(
        name, __config__=ConfigDict(extra="forbid"), __doc__=group.__doc__, **definitions
    )


PDSA_GROUPS = {f.name: f.default_factory for f in fields(PDSAParameters)}
"""The PDSA parameter sections by name: schools, ideas, landscape, pdsa, choice, …"""
