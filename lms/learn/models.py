"""The learner's pages keep no models of their own: assignments live in lms.assignments.

``Assignment`` is re-exported here for code written before the move; import it from
``lms.assignments.models``."""

from lms.assignments.models import Assignment  # noqa: F401
