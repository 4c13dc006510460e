from tests.teacher_portal.fixtures import (  # noqa: F401  (pytest fixtures)
    classroom,
    fast_password_hashing,
    learners,
    other_school_world,
    school,
    teacher,
    teacher_client,
)
