"""Consent (Decision 830/QĐ-TTg IV.9.c; Law 91/2025/QH15): who gave it, their relation, the
child's own consent from age 7, how and when; kept as a history; User.has_consent follows
the newest record. A learner without consent still learns."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import ConsentRecord
from lms.accounts.services import child_consent_expected, consent_record
from tests.teacher_portal.fixtures import enrol

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_age_seven_decides_whether_the_child_is_asked(classroom):
    assert child_consent_expected(learner=enrol(classroom, birth_year=THIS_YEAR - 7))
    assert child_consent_expected(learner=enrol(classroom, birth_year=THIS_YEAR - 12))
    assert not child_consent_expected(learner=enrol(classroom, birth_year=THIS_YEAR - 6))
    assert child_consent_expected(learner=enrol(classroom, birth_year=None))


def test_has_consent_follows_the_newest_record_and_history_is_kept(teacher, classroom):
    learner = enrol(classroom, birth_year=THIS_YEAR - 9, has_consent=False)
    consent_record(
        learner=learner,
        parent_consent=True,
        child_consent=True,
        method=ConsentRecord.Method.PAPER,
        parent_name="Nguyễn Thị Hoa",
        parent_relation=ConsentRecord.Relation.MOTHER,
        recorded_by=teacher,
    )
    learner.refresh_from_db()
    assert learner.has_consent
    # The parent withdraws: a new record, the old one stays.
    consent_record(
        learner=learner,
        parent_consent=False,
        child_consent=None,
        method=ConsentRecord.Method.IN_PERSON,
        recorded_by=teacher,
    )
    learner.refresh_from_db()
    assert not learner.has_consent
    history = list(learner.consent_records.all())
    assert [r.parent_consent for r in history] == [False, True]
    assert history[1].parent_name == "Nguyễn Thị Hoa"
    assert history[1].recorded_by == teacher and history[1].recorded_at is not None


def test_the_childs_own_no_is_not_overruled(teacher, classroom):
    learner = enrol(classroom, birth_year=THIS_YEAR - 10, has_consent=False)
    consent_record(
        learner=learner,
        parent_consent=True,
        child_consent=False,
        method="paper",
        recorded_by=teacher,
    )
    learner.refresh_from_db()
    assert not learner.has_consent


def test_a_child_of_seven_or_more_must_be_asked(teacher, classroom):
    learner = enrol(classroom, birth_year=THIS_YEAR - 8, has_consent=False)
    with pytest.raises(ValidationError) as error:
        consent_record(
            learner=learner,
            parent_consent=True,
            child_consent=None,
            method="paper",
            recorded_by=teacher,
        )
    assert "từ 7 tuổi trở lên" in error.value.messages[0]
    assert not ConsentRecord.objects.exists()
    young = enrol(classroom, birth_year=THIS_YEAR - 5, has_consent=False)
    consent_record(
        learner=young, parent_consent=True, child_consent=None, method="paper", recorded_by=teacher
    )
    young.refresh_from_db()
    assert young.has_consent


def test_record_on_the_learners_page(teacher_client, classroom):
    learner = enrol(classroom, birth_year=THIS_YEAR - 9, has_consent=False)
    url = reverse("teacher_portal:learner_consent", args=[classroom.pk, learner.pk])
    missing_child = teacher_client.post(url, {"parent_consent": "yes", "method": "paper"})
    assert missing_child.status_code == 400
    assert "pháp luật yêu cầu có sự đồng ý của chính trẻ" in text(missing_child)
    bad_method = teacher_client.post(
        url, {"parent_consent": "yes", "child_consent": "yes", "method": "fax"}
    )
    assert bad_method.status_code == 400
    assert not ConsentRecord.objects.exists()

    response = teacher_client.post(
        url,
        {
            "parent_consent": "yes",
            "child_consent": "yes",
            "method": "paper",
            "parent_name": "Lò Văn Páo",
            "parent_relation": "father",
        },
    )
    assert response.status_code == 302
    page = text(teacher_client.get(response["Location"]))
    assert "Đã ghi nhận đồng ý" in page
    assert "Lò Văn Páo (Bố)" in page
    assert "Phiếu giấy có chữ ký, nhà trường lưu" in page
    learner.refresh_from_db()
    assert learner.has_consent


def test_record_for_the_returned_forms_of_a_class(teacher_client, classroom):
    older = enrol(classroom, birth_year=THIS_YEAR - 9, has_consent=False)
    younger = enrol(classroom, birth_year=THIS_YEAR - 6, has_consent=False)
    not_back = enrol(classroom, birth_year=THIS_YEAR - 9, has_consent=False)
    url = reverse("teacher_portal:class_consent", args=[classroom.pk])
    refused = teacher_client.post(url, {"learners": [older.pk, younger.pk], "method": "paper"})
    assert "1 em được chọn đã từ 7 tuổi trở lên" in text(refused)
    assert not ConsentRecord.objects.exists()

    done = teacher_client.post(
        url, {"learners": [older.pk, younger.pk], "method": "paper", "child_agrees": "on"}
    )
    assert done.status_code == 302
    assert "Đã ghi nhận sự đồng ý cho 2 học sinh." in text(teacher_client.get(done["Location"]))
    older_record = ConsentRecord.objects.get(learner=older)
    younger_record = ConsentRecord.objects.get(learner=younger)
    assert older_record.child_consent is True
    assert younger_record.child_consent is None  # under 7: not asked
    for learner in (older, younger, not_back):
        learner.refresh_from_db()
    assert older.has_consent and younger.has_consent and not not_back.has_consent


def test_a_learner_without_consent_still_learns(client, classroom, curriculum_tree):
    learner = enrol(classroom, has_consent=False)
    client.force_login(learner)
    assert client.get("/learn/").status_code == 200
    assert client.get(curriculum_tree["t1-mat-khau"].url).status_code == 200
