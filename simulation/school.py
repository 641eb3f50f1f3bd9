"""A school as a Mesa agent: a view onto its row of the model's arrays."""

from mesa.discrete_space import FixedAgent

from simulation.pdsa.state import Status


class School(FixedAgent):
    """One school on its node of the network.

    The school's state lives in the model's arrays (a struct of arrays); the
    agent reads its own row, so users and the UI can inspect any school the Mesa way
    (``model.agents.select(...)``) while each step stays vectorised over all schools.
    Under a classic rule a school has ``adopted`` and ``adopted_at``; under PDSA learning
    it answers for each idea (``status_of``, ``belief``, ``variant``, ``scale``, ``story``).
    """

    def __init__(self, model, cell, index: int) -> None:
        super().__init__(model)
        self.cell = cell
        self.index = index

    # --- every mode ------------------------------------------------------------------------

    @property
    def cluster(self) -> int:
        """The school's district, region or context cluster."""
        return int(self.model.schools.cluster[self.index])

    @property
    def degree(self) -> int:
        """Number of schools it has ties with now (PDSA convenings and walks add ties)."""
        return int(self.model.process.adjacency.degree[self.index])

    @property
    def capacity(self) -> float:
        """Organisational capacity κ in [0, 1]."""
        return float(self.model.schools.capacity[self.index])

    @property
    def baseline(self) -> float:
        """Student outcome at the start, in SD units."""
        return float(self.model.schools.baseline[self.index])

    @property
    def context(self) -> tuple[float, ...]:
        """Point in context space [0, 1]^4."""
        return tuple(float(x) for x in self.model.schools.context[self.index])

    @property
    def adopted(self) -> bool:
        """Classic rules: whether it adopted the idea; PDSA: whether it adopted any idea."""
        process = self.model.process
        if hasattr(process, "work"):
            return bool((process.work.status[self.index] == Status.ADOPTED).any())
        return bool(process.adopted[self.index])

    @property
    def adopted_at(self) -> int | None:
        """Classic rules: the step at which it adopted, or None."""
        step = int(self.model.process.adopted_at[self.index])
        return None if step < 0 else step

    # --- PDSA learning ----------------------------------------------------------------------

    def status_of(self, idea: int) -> Status:
        """Where the school stands with ``idea``."""
        return Status(int(self._work.status[self.index, idea]))

    def belief(self, idea: int) -> tuple[float, float]:
        """Its belief in ``idea``'s effect here: (mean μ, sd s)."""
        work = self._work
        return float(work.mu[self.index, idea]), float(work.sd[self.index, idea])

    def variant(self, idea: int) -> tuple[float, ...]:
        """Its local variant of ``idea``: core (2) then periphery (4)."""
        return tuple(float(x) for x in self._work.variant[self.index, idea])

    def scale(self, idea: int) -> int:
        """Its test scale of ``idea``, 1..4 (0 before the first test)."""
        return int(self._work.scale[self.index, idea])

    @property
    def skill(self) -> float:
        """PDSA skill π in [0, 1]."""
        return float(self.model.process.schools.skill[self.index])

    @property
    def engagement(self) -> float:
        return float(self.model.process.schools.engagement[self.index])

    @property
    def gain(self) -> float:
        """This week's student outcome minus the baseline."""
        return float(self.model.process.outcome[self.index] - self.baseline)

    def story(self) -> list[dict]:
        """One row per idea it knows: status, belief, variant, scale, cycles, true effect."""
        work, process = self._work, self.model.process
        rows = []
        for idea in range(process.ideas.n):
            status = self.status_of(idea)
            if status == Status.UNAWARE:
                continue
            mu, sd = self.belief(idea)
            rows.append(
                {
                    "idea": idea,
                    "status": status.name.lower(),
                    "belief_mean": mu,
                    "belief_sd": sd,
                    "scale": self.scale(idea),
                    "cycles": int(work.cycles[self.index, idea]),
                    "variant": self.variant(idea),
                    "true_effect": float(process.effects[self.index, idea]),
                }
            )
        return rows

    @property
    def _work(self):
        return self.model.process.work

    def __repr__(self) -> str:
        return f"School({self.index}, cluster={self.cluster})"
