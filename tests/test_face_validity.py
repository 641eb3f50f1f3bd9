"""Face validity of PDSA learning (docs/model.md §1.3, patterns 2–4): statistical tests.

Each test compares two settings over the same 20 replicate seeds (common random numbers)
on 60 schools in 4 districts for 148 weeks, and passes only when the 95 % confidence
interval of the paired difference lies on the expected side of 0 (``judge_contrast``).
Each docstring names the mechanism that must produce the direction; none asserts a
quantity that holds by construction (replicators' ownership, the coaching formula).
"""

import pytest
from validation.face_validity import (
    HOT_STOVE,
    INTEGRITY,
    LETHAL_MUTATIONS,
    LOW_BAR,
    judge_contrast,
)

pytestmark = pytest.mark.slow


def test_noisier_measurement_raises_false_abandonment():
    """The hot stove (Denrell & March 2001). Mechanism, docs/model.md §7.2.12 (Study, Act):
    a small test's result carries noise σ/√n, so tests of good ideas come out below zero
    more often at noise 1.8 than 0.6, and the school abandons at DB ≤ θ_down."""
    verdict = judge_contrast(HOT_STOVE)
    assert verdict.holds, verdict.measured


def test_a_lower_bar_for_scaling_up_raises_false_adoption():
    """Mechanism, docs/model.md §7.2.12 (Act): a school adopts when its degree of belief
    reaches θ_up at school scale; at θ_up = 0.6 rather than 0.8 variants get through on
    weaker evidence, and the share of adoptions that do not work there must rise (it
    could fall if the lower bar added mostly good adoptions)."""
    verdict = judge_contrast(LOW_BAR)
    assert verdict.holds, verdict.measured


@pytest.mark.xfail(
    strict=True,
    reason="not borne out by the honest model: integrity 0.014 vs replicate 0.014 mean gain, "
    "+0.000 ± 0.007 (20 pairs); with local_knowledge = 1 +0.003 ± 0.009. Small noisy tests "
    "cannot show a better fit beyond the keep margin, so few periphery changes are kept "
    "(see the mechanism ledger in docs/validation.md)",
)
def test_integrity_gains_more_than_replicate_when_ideas_transport_badly():
    """"Integrity, not fidelity" with σ_f = 0.2. Mechanism, docs/model.md §7.2.12 (Act,
    adapt): under ``integrity`` schools change the periphery (local steps and borrowing),
    kept only if their tests show them better; under ``replicate`` they keep a design that
    fits few contexts. Schools know nothing of how to fit an idea (local_knowledge = 0);
    the report also shows the contrast with local_knowledge = 1."""
    verdict = judge_contrast(INTEGRITY)
    assert verdict.holds, verdict.measured


@pytest.mark.xfail(
    strict=True,
    reason="not borne out by the honest model: integrity 0.014 vs reinvent 0.013 mean gain, "
    "+0.001 ± 0.007 (20 pairs): a change to the core is kept only if its test shows it "
    "better, so lethal mutations are undone before they cost gains",
)
def test_reinvention_without_coaching_loses_gains_to_lethal_mutations():
    """Mechanism, docs/model.md §7.2.12 (Act, adapt): under ``reinvent`` the core moves too,
    with chance core_mutation_risk · (1 − π)(1 − χ), and no coaching here keeps χ at 0.
    That reinvent changes the core is by construction; that the schools' tests fail to
    undo the damage, so gains fall below ``integrity``'s, is not."""
    verdict = judge_contrast(LETHAL_MUTATIONS)
    assert verdict.holds, verdict.measured
