"""A school as a Mesa agent: a view onto its row of the model's arrays."""

from mesa.discrete_space import FixedAgent


class School(FixedAgent):
    """One school on its node of the network.

    The school's state lives in the model's arrays (DESIGN.md: struct of arrays); the
    agent reads its own row, so users and the UI can inspect any school the Mesa way
    (``model.agents.select(...)``) while each step stays vectorised over all schools.
    """

    def __init__(self, model, cell, index: int) -> None:
        super().__init__(model)
        self.cell = cell
        self.index = index

    @property
    def cluster(self) -> int:
        """The school's district, region or context cluster."""
        return int(self.model.cluster[self.index])

    @property
    def degree(self) -> int:
        """Number of schools it has ties with."""
        return int(self.model.adjacency.degree[self.index])

    @property
    def adopted(self) -> bool:
        """Whether the school has adopted the idea (classic rules)."""
        return bool(self.model.diffusion.adopted[self.index])

    @property
    def adopted_at(self) -> int | None:
        """The step at which it adopted, or None."""
        step = int(self.model.diffusion.adopted_at[self.index])
        return None if step < 0 else step

    def __repr__(self) -> str:
        return f"School({self.index}, cluster={self.cluster})"
