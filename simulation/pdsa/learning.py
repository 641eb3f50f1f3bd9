"""PDSA learning: schools test, adapt, adopt and abandon change ideas (docs/model.md §7.2).

One step is one week. In a school week the phases run in this order, each a function of
the network's state (a ``PDSALearning``, typed in every phase's signature) vectorised over
all schools and ideas (docs/model.md §3.2):

1. ``hub.onboard``                  schools whose rollout wave has come join (§7.2.4)
2. ``hub.supports``                 convenings, analytics, coaching, walks, R&D (§7.2.5–7.2.9)
3. ``evidence.exchange_evidence``   results travel along active ties (§7.2.10)
4. ``choice.choose_work``           schools with a free slot start testing an idea (§7.2.11)
5. ``cycle.run_cycles``             cycles that end this week: Do, Study, Act (§7.2.12)
6. ``sustainability.weekly``        depth, engagement and coaching memory (§7.2.13)

The last week of each school year is the summer: no school work, but staff turnover and
lapses (§7.2.13). After ``supported_years`` the hub stops: the sustain year (§7.2.15).
"""
import numpy as np
import pandas as pd

from simulation.adjacency import Adjacency
from simulation.events import EventLog
from simulation.pdsa import choice, cycle, evidence, hub, indicators, sustainability
from simulation.pdsa.awareness import make_aware
from simulation.pdsa.landscape import Landscape, saturation_slope
from simulation.pdsa.parameters import PDSAParameters
from simulation.pdsa.population import Ideas, Schools, draw_ideas
from simulation.pdsa.run_charts import RunCharts
from simulation.pdsa.state import Status, Work, flat, take


class PDSALearning:
    """The state of a network of schools learning to improve, and its weekly step."""

    def __init__(
        self,
        schools: Schools,
        adjacency: Adjacency,
        params: PDSAParameters,
        pilots: np.ndarray,
        joins_at: np.ndarray,
        rng: np.random.Generator,
        events: EventLog,
    ) -> None:
        self.schools = schools
        self.adjacency = adjacency
        self.params = params
        self.rng = rng
        self.events = events
        self.ideas: Ideas = draw_ideas(params.ideas.n_ideas, params.ideas, schools.context, 0, rng)
        self.work = Work.empty(schools.n, self.ideas.n)
        self.landscape = Landscape(params.landscape, int(schools.cluster.max()) + 1, rng)
        self.assess_all()
        n_clusters = int(schools.cluster.max()) + 1
        self.hub = hub.HubState.start(self.ideas, schools.n, n_clusters)
        self.charts = RunCharts.start(schools.n, params.hub.baseline_weeks)
        self.joins_at = joins_at
        self.tie_ends = evidence.tie_ends(adjacency)
        self.heard = evidence.HeardResults.for_ties(self.tie_ends, schools.n, self.ideas.n)
        self.tie_channels = self.heard.channels_of(self.tie_ends)
        self.totals = indicators.Totals()
        self.week = 0
        self.baseline_quartiles = indicators.baseline_quartiles(schools.baseline)
        self.idea_counts: list[np.ndarray] = []
        self.adopted_when_support_ended: np.ndarray | None = None
        schools.pilot[pilots] = True
        hub.onboard(self, 0)
        make_aware(self, pilots[:, None], np.arange(self.ideas.n)[None, :], source=None)
        self._observe()

    # --- the calendar ---------------------------------------------------------------------

    @property
    def year_length(self) -> int:
        return self.params.calendar.school_weeks + 1

    def is_summer(self, step: int) -> bool:
        return step % self.year_length == 0

    def hub_active(self, step: int) -> bool:
        """The hub supports members during the supported years, not in the sustain year."""
        return (step - 1) // self.year_length < self.params.calendar.supported_years

    # --- the step ---------------------------------------------------------------------------

    def advance(self, step: int) -> None:
        """One week of the network's life."""
        self.week = step
        self.totals.start_week()
        if self.is_summer(step):
            sustainability.summer(self, step)
        else:
            hub.onboard(self, step)
            if self.hub_active(step):
                hub.supports(self, step)
            evidence.exchange_evidence(self, step)
            choice.choose_work(self, step)
            cycle.run_cycles(self, step)
            sustainability.weekly(self)
        if step == self.params.calendar.supported_years * self.year_length:
            self.adopted_when_support_ended = self.work.status == Status.ADOPTED
            self.hub.withdraw()
        self._observe()

    def _observe(self) -> None:
        """Outcomes and indicators of the week just ended."""
        summed = indicators.summed_effects(self)
        self.headroom = saturation_slope(summed, self.params.landscape.effect_cap)
        self.outcome = indicators.outcomes(self, summed)
        self.charts.record(self.outcome)
        self.current = indicators.measure(self)
        self.idea_counts.append(indicators.counts_by_idea(self.work))

    def idea_timeseries(self) -> pd.DataFrame:
        """Per step and idea, the number of schools in each status (docs/model.md §8)."""
        return indicators.idea_table(self.idea_counts)

    def indicators(self) -> dict[str, float]:
        return self.current

    def summary(self, timeseries) -> dict:
        return indicators.summarise(self, timeseries)

    # --- shared views ------------------------------------------------------------------------

    def assess(self, s: np.ndarray, j: np.ndarray, variant: np.ndarray):
        """(E, integrity, fit, drift) of schools ``s`` running ideas ``j`` as ``variant``."""
        return self.landscape.assess(
            variant,
            self.ideas.effect[j],
            np.take(self.ideas.design, j, axis=0),
            np.take(self.schools.context, s, axis=0),
            self.schools.cluster[s],
        )

    def assess_all(self) -> None:
        """The true effect, integrity, fit and drift of every school × idea pair's variant."""
        s, j = np.arange(self.schools.n)[:, None], np.arange(self.ideas.n)[None, :]
        self.effects, self.integrity, self.fit, self.drift = self.assess(s, j, self.work.variant)

    def _assess_new_ideas(self, new: np.ndarray) -> None:
        """Widen effects, integrity, fit and drift by the columns of the ideas ``new``."""
        s = np.arange(self.schools.n)[:, None]
        columns = self.assess(s, new[None, :], self.work.variant[:, new])
        self.effects, self.integrity, self.fit, self.drift = (
            np.concatenate([old, added], 1)
            for old, added in zip(
                (self.effects, self.integrity, self.fit, self.drift), columns, strict=True
            )
        )

    def set_variants(self, s: np.ndarray, j: np.ndarray, variants: np.ndarray) -> None:
        """Schools ``s`` now run ideas ``j`` as ``variants``; what they are worth follows.

        Every change of a variant goes through here (or ``move_cores``), so ``self.effects``
        (the true local effect E of every pair, docs/model.md §7.2.1), ``self.integrity``,
        ``self.fit`` and ``self.drift`` stay current without reassessing all pairs each week.
        """
        pairs = self.work.pairs(s, j)
        flat(self.work.variant)[pairs] = variants
        effect, integrity, fit, drift = self.assess(s, j, take(self.work.variant, pairs))
        flat(self.effects)[pairs], flat(self.integrity)[pairs] = effect, integrity
        flat(self.fit)[pairs], flat(self.drift)[pairs] = fit, drift

    def move_variants(
        self, moving: np.ndarray, rate: float, toward: np.ndarray, part: slice
    ) -> None:
        """The pairs of the (S, I) mask ``moving`` move the ``part`` of their variants (and
        of the practices that changes on trial may go back to) ``rate`` of the way toward
        ``toward`` (I, 6); what they are worth follows (``set_variants``)."""
        work = self.work
        s, j = np.nonzero(moving)
        pairs = work.pairs(s, j)
        target = np.take(toward, j, axis=0)[:, part]
        trial = take(work.on_trial, pairs)
        practices, on_trial = flat(work.practice), pairs[trial]
        practices[on_trial, part] += rate * (target[trial] - practices[on_trial, part])
        variants = take(work.variant, pairs)
        variants[:, part] += rate * (target - variants[:, part])
        self.set_variants(s, j, variants)

    def add_ties(self, a: np.ndarray, b: np.ndarray) -> None:
        """Lasting ties a[k]–b[k] join the network (docs/model.md §7.2.5): reports, social
        proof and isolation use them from now on."""
        before = self.adjacency.ties.nnz
        self.adjacency = self.adjacency.with_ties(a, b)
        if self.adjacency.ties.nnz > before:
            self.tie_ends = evidence.tie_ends(self.adjacency)
            self.tie_channels = self.heard.channels_of(self.tie_ends)
            self.totals.ties_formed += (self.adjacency.ties.nnz - before) // 2

    def add_ideas(self, count: int, step: int) -> np.ndarray:
        """New ideas from the hub's R&D, designed in members' contexts; returns their ids."""
        members = np.flatnonzero(self.schools.member)
        origins = self.schools.context[members] if members.size else self.schools.context
        new = draw_ideas(count, self.params.ideas, origins, step, self.rng)
        first = self.ideas.n
        self.ideas.extend(new)
        self.work.add_ideas(count)
        self.hub.add_ideas(new)
        self.heard.add_ideas(count)
        added = np.arange(first, first + count)
        self._assess_new_ideas(added)
        return added
