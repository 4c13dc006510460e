"""The class progress page: learners × assigned modules, read from the learning-records
rollup (analytics.LearnerModuleProgress; a missing row = not started), in a fixed number
of queries whatever the class size."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics.models import LearnerModuleProgress
from lms.learn.services import assignment_create
from teacher_portal.selectors import class_progress
from tests.teacher_portal.fixtures import enrol, make_module

pytestmark = pytest.mark.django_db
Status = LearnerModuleProgress.Status


def test_the_page_shows_each_learners_status_from_the_rollup(
    teacher, teacher_client, classroom, learners, curriculum_tree
):
    first = curriculum_tree["t1-mat-khau"]
    second = make_module(curriculum_tree["band-1"], title="Vui và khỏe", key="t1-vui")
    assignment_create(classroom=classroom, module=first, assigned_by=teacher)
    assignment_create(
        classroom=classroom, module=second, assigned_by=teacher, learners=[learners[1]]
    )
    an, binh, chien = learners  # Nguyễn Văn An, Trần Thị Bình, Lò Văn Chiến
    LearnerModuleProgress.objects.create(learner=an, module=first, status=Status.COMPLETED)
    LearnerModuleProgress.objects.create(learner=binh, module=first, status=Status.IN_PROGRESS)
    LearnerModuleProgress.objects.create(learner=binh, module=second, status=Status.COMPLETED)
    # Progress on a module not assigned to this class does not appear.
    LearnerModuleProgress.objects.create(
        learner=chien, module=curriculum_tree["t3-tin-gia"], status=Status.COMPLETED
    )

    response = teacher_client.get(reverse("teacher_portal:class_progress", args=[classroom.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in soup.select("table.progress thead th")]
    assert headers == ["Học sinh", "Mật khẩu là bí mật", "Vui và khỏe"]
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in soup.select("table.progress tbody tr")
    }
    assert rows == {
        "Lò Văn Chiến": ["Chưa bắt đầu", "—"],
        "Nguyễn Văn An": ["Hoàn thành", "—"],
        "Trần Thị Bình": ["Đang học", "Hoàn thành"],
    }
    totals = [td.get_text(strip=True) for td in soup.select("table.progress tfoot td")]
    assert totals == ["1 / 3", "1 / 1"]
    assert "Tin giả" not in soup.get_text()


def test_the_matrix_costs_the_same_queries_for_3_or_40_learners(
    teacher, classroom, curriculum_tree
):
    modules = [curriculum_tree["t1-mat-khau"]] + [
        make_module(curriculum_tree["band-1"], title=f"Chủ đề {i}", key=f"t1-chu-de-{i}")
        for i in range(3)
    ]
    for module in modules:
        assignment_create(classroom=classroom, module=module, assigned_by=teacher)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            matrix = class_progress(classroom=classroom)
            cells = [cell for row in matrix.rows for cell in row.cells]
        return len(captured), len(cells)

    for _ in range(3):
        learner = enrol(classroom)
        LearnerModuleProgress.objects.create(learner=learner, module=modules[0], status="completed")
    small, small_cells = queries()
    for _ in range(37):
        learner = enrol(classroom)
        for module in modules:
            LearnerModuleProgress.objects.create(
                learner=learner, module=module, status="in_progress"
            )
    large, large_cells = queries()
    assert (small_cells, large_cells) == (3 * 4, 40 * 4)
    assert small == large
    # learners, assignments (+ their learner subsets), and the whole matrix of progress.
    assert large <= 4


def test_the_page_itself_stays_within_a_fixed_query_budget(
    teacher, teacher_client, classroom, curriculum_tree, django_assert_max_num_queries
):
    assignment_create(
        classroom=classroom, module=curriculum_tree["t1-mat-khau"], assigned_by=teacher
    )
    for _ in range(30):
        enrol(classroom)
    url = reverse("teacher_portal:class_progress", args=[classroom.pk])
    teacher_client.get(url)  # warm the session and site caches
    with django_assert_max_num_queries(7):
        assert teacher_client.get(url).status_code == 200
