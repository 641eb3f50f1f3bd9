import os

from hypothesis import settings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# CI runs the property-based tests on a fixed set of examples, so that a submission's
# result does not depend on the examples drawn that day; locally they explore afresh.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
