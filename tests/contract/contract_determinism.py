"""Hypothesis set up so that what a test draws depends on its seed, never on what ran before it.

* The profiles: ``ci`` (the default: fixed seed, derandomised, modest example counts) and
  ``thorough`` (nightly: many more examples, random seeds), chosen with ``HYPOTHESIS_PROFILE``.
  Every pytest session of the repository loads one (the root conftest), not only a session that
  happens to collect the contract suite, so a test runs with the same settings in any subset.
* No constants from imported modules. Hypothesis (6.131 and later) sometimes draws a literal it
  found in the source of a "local" module: any module in ``sys.modules`` outside the standard
  library, site-packages and test files, so the generator and the runtime of an editable install,
  and a client a test generated and imported. It collects them as modules get imported, so the
  same seed (or ``derandomize=True``) draws other cases depending on which modules the tests
  before it imported: a seeded sample, or a self-test expecting a planted bug to be caught for a
  given reason, passes alone and fails after other tests (or after an edit to an unrelated
  module). That source is turned off.

``settle_hypothesis`` does both; the root conftest, the contract suite's conftest (as ``verify``
runs it) and the fuzzers' entry point call it before anything is drawn.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

__all__ = ["draw_from_the_seed_alone", "settle_hypothesis"]

settings.register_profile(
    "ci",
    derandomize=True,  # same examples on every run and machine: a red CI is reproducible
    max_examples=30,
    deadline=None,  # shared CI runners stall; time is budgeted for the suite, not per example
    database=None,  # derandomised runs gain nothing from it; keep the checkout clean
    suppress_health_check=[HealthCheck.too_slow],
    # No shrinking: a failure is reported at once with the example that showed it (the
    # message lists each disagreement); shrinking a schema-sized instance can take minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
)
settings.register_profile(
    "thorough",
    max_examples=400,
    deadline=None,
    database=None,
    print_blob=True,  # a nightly failure prints the blob that replays it
    suppress_health_check=[HealthCheck.too_slow],
)


def settle_hypothesis() -> None:
    """Load the profile ``HYPOTHESIS_PROFILE`` names (``ci`` by default); draw from seeds alone."""
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    draw_from_the_seed_alone()


def draw_from_the_seed_alone() -> None:
    """Stop hypothesis drawing constants collected from the modules imported so far (idempotent).

    Hypothesis has no setting for it, so its collector is replaced; ``test_determinism`` checks
    that this still takes effect (a hypothesis upgrade that moves the collector fails there)."""
    from hypothesis.internal.conjecture import providers

    if not hasattr(providers, "_get_local_constants"):
        return  # a hypothesis without the feature: nothing to turn off
    nothing = providers.Constants()
    providers._get_local_constants = lambda: nothing
    providers.CONSTANTS_CACHE.cache.clear()  # pools filtered from constants collected before
