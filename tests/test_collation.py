"""Names in Vietnamese alphabetical order, whether Python or the database sorts them
(SQLite here; PostgreSQL's ICU collation in CI)."""

import pytest

from lms.collation import vietnamese_sort_key
from lms.schools.models import Enrollment
from teacher_portal.selectors import class_roster
from tests.factories import ClassroomFactory, LearnerFactory

# As a Vietnamese class list reads: a word ends before a longer one ("An Bình" before "Anh"),
# no tone before a tone, a < ă < â, d < đ, o < ô < ơ, u < ư.
IN_ORDER = [
    "An Bình",
    "Anh",
    "Ánh",
    "Ăng",
    "Ân",
    "Bảo",
    "Dũng",
    "Đặng",
    "Đức",
    "Oanh",
    "Ông",
    "Ơn",
    "Uyên",
    "Ưng",
    "Yến",
]


def test_the_python_key_follows_the_vietnamese_alphabet():
    shuffled = sorted(IN_ORDER, key=lambda name: name[::-1])
    assert sorted(shuffled, key=vietnamese_sort_key) == IN_ORDER


@pytest.mark.django_db
def test_a_class_roster_is_in_vietnamese_order():
    classroom = ClassroomFactory()
    for name in reversed(IN_ORDER):
        learner = LearnerFactory(display_name=name, school=classroom.school)
        Enrollment.objects.create(classroom=classroom, learner=learner)
    assert [learner.display_name for learner in class_roster(classroom=classroom)] == IN_ORDER
