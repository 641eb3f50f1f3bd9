"""Running a scenario: from a validated description to a finished model and its results."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from scenarios import Scenario, load, validate
from scenarios.graph_files import read_graph
from simulation.model import PDSA, SchoolNetworkModel
from simulation.network_cache import NetworkCache


@dataclass(frozen=True)
class RunResult:
    """A finished run: its time series (one row per step), summary, resolved scenario and
    event log (empty when the scenario switched events off)."""

    scenario: Scenario
    timeseries: pd.DataFrame
    summary: dict[str, Any]
    events: pd.DataFrame
    ideas: pd.DataFrame | None = None
    """PDSA learning: per step and idea, schools in each status."""


def build_model(
    scenario: Scenario,
    networks: NetworkCache | None = None,
    on_build: Callable[[str, int, int], None] | None = None,
) -> SchoolNetworkModel:
    """The model a scenario describes, seeded with the scenario's seed.

    ``networks`` lends networks built by earlier runs (identical results, see
    ``simulation.network_cache``); ``on_build(stage, done, total)`` hears how building goes.
    """
    network, strategy, adoption = scenario.network, scenario.strategy, scenario.adoption
    graph = read_graph(network.file, network.attributes) if network.file is not None else None
    return SchoolNetworkModel(
        network=network.builder,
        network_params=network.params,
        graph=graph,
        add_bridges=network.add_bridges,
        adoption=adoption.rule,
        adoption_params=scenario.pdsa_parameters() if adoption.rule == PDSA else adoption.params,
        seeding=strategy.seeding,
        initial_adopters=strategy.count,
        initial_share=strategy.share,
        explicit_seeds=strategy.explicit,
        rollout=strategy.rollout,
        record_events=scenario.outputs.events,
        rng=scenario.seed,
        networks=networks,
        on_build=on_build,
    )


def run(
    scenario: Scenario | str | Path,
    steps: int | None = None,
    seed: int | None = None,
    on_step: Callable[[int], None] | None = None,
    networks: NetworkCache | None = None,
    on_build: Callable[[str, int, int], None] | None = None,
) -> RunResult:
    """Run a scenario (or a preset name or file) and return its results.

    ``steps`` and ``seed`` replace the scenario's own; ``on_step`` is called after every
    step with the step number (for progress bars). ``networks`` and ``on_build`` are
    passed to :func:`build_model`.
    """
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    updates = {k: v for k, v in {"steps": steps, "seed": seed}.items() if v is not None}
    if updates:
        scenario = load_with(scenario, updates)
    model = build_model(scenario, networks, on_build)
    for _ in range(scenario.steps):
        model.step()
        if on_step is not None:
            on_step(model.steps)
    return RunResult(
        scenario=scenario,
        timeseries=model.timeseries(),
        summary=model.summary(),
        events=model.events.to_frame(),
        ideas=model.idea_timeseries(),
    )


def load_with(scenario: Scenario, updates: dict[str, Any]) -> Scenario:
    """The scenario with top-level fields replaced, validated again."""
    return validate({**scenario.model_dump(exclude_none=True), **updates})
