"""Importing a class list through the portal: upload, preview (nothing saved), confirm.
Any bad row means nothing is saved; learners already in the class are skipped."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lms import hooks
from lms.accounts.models import User
from lms.schools.models import Enrollment
from lms.schools.roster import MAX_LEARNERS_PER_CLASS
from tests.teacher_portal.fixtures import csv_bytes, enrol, xlsx_bytes

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 8


def upload(client, classroom, data: bytes, name: str = "lop3a.csv"):
    return client.post(
        reverse("teacher_portal:roster_import", args=[classroom.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def confirm(client, classroom, response):
    plan = BeautifulSoup(response.content, "html.parser").find("input", {"name": "plan"})
    assert plan is not None, "the preview offers no confirmation"
    return client.post(
        reverse("teacher_portal:roster_confirm", args=[classroom.pk]), {"plan": plan["value"]}
    )


def learner_count(classroom) -> int:
    return Enrollment.objects.filter(classroom=classroom, left_at__isnull=True).count()


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_upload_preview_confirm(teacher_client, classroom, monkeypatch):
    calls = []
    monkeypatch.setattr(
        hooks.classroom_changed,
        "send",
        lambda *, classroom: calls.append(classroom.pk),
    )
    data = xlsx_bytes(
        [
            ["DANH SÁCH LỚP 3A"],
            ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Địa chỉ"],
            [1, "Nguyễn Văn An", f"05/09/{YEAR}", "Nam", "Thôn 1"],
            [2, "Giàng A Páo", f"12/11/{YEAR}", "Nam", "Thôn 2"],
            [3, "Sùng Thị Mỷ", f"01/01/{YEAR}", "Nữ", "Thôn 3"],
        ]
    )
    preview = upload(teacher_client, classroom, data, "lop3a.xlsx")
    assert preview.status_code == 200
    text = page_text(preview)
    assert "Sẽ thêm 3 học sinh" in text
    assert "Giàng A Páo" in text
    assert "Các cột được bỏ qua, không lưu: STT, Địa chỉ" in text
    assert learner_count(classroom) == 0  # nothing saved by the preview

    done = confirm(teacher_client, classroom, preview)
    assert done.status_code == 302
    learners = list(User.objects.filter(enrollments__classroom=classroom).order_by("display_name"))
    assert [(u.display_name, u.birth_year) for u in learners] == [
        ("Giàng A Páo", YEAR),
        ("Nguyễn Văn An", YEAR),
        ("Sùng Thị Mỷ", YEAR),
    ]
    for learner in learners:
        assert learner.role == User.Role.LEARNER
        assert learner.school_id == classroom.school_id
        assert learner.email == "" and not learner.has_usable_password()
        assert learner.username.isascii() and learner.username.islower()
    assert {u.username.rstrip("0123456789") for u in learners} == {"pao", "an", "my"}
    assert calls == [classroom.pk]
    page = teacher_client.get(done["Location"])
    assert "Đã thêm 3 học sinh vào lớp 3A. Bước tiếp theo: in thẻ đăng nhập." in page_text(page)


def test_a_second_import_of_the_same_list_skips_who_is_already_there(teacher_client, classroom):
    enrol(classroom, display_name="Nguyễn Văn An", birth_year=YEAR)
    data = csv_bytes(
        [
            ["Họ tên", "Ngày sinh"],
            ["nguyễn văn  an", f"01/02/{YEAR}"],
            ["Lò Thị Lan", f"03/04/{YEAR}"],
        ]
    )
    preview = upload(teacher_client, classroom, data)
    text = page_text(preview)
    assert "Sẽ thêm 1 học sinh" in text
    assert "1 em đã có trong lớp (bỏ qua)" in text
    confirm(teacher_client, classroom, preview)
    assert learner_count(classroom) == 2


def test_any_bad_row_saves_nothing_and_lists_the_rows(teacher_client, classroom):
    data = csv_bytes(
        [
            ["Họ tên", "Ngày sinh"],
            ["Nguyễn Văn An", f"05/09/{YEAR}"],
            ["", f"05/09/{YEAR}"],
            ["Trần Bình", "32/01/2018"],
            ["=1+1", f"05/09/{YEAR}"],
            ["Nguyễn Văn An", f"05/09/{YEAR}"],
        ]
    )
    response = upload(teacher_client, classroom, data)
    soup = BeautifulSoup(response.content, "html.parser")
    errors = [li.get_text(" ", strip=True) for li in soup.select(".row-errors li")]
    assert [e.split(":")[0] for e in errors] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
    assert "Chưa lưu gì: tệp có 4 lỗi cần sửa." in page_text(response)
    assert soup.find("input", {"name": "plan"}) is None
    assert learner_count(classroom) == 0
    assert not User.objects.filter(role=User.Role.LEARNER).exists()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (csv_bytes([["Lớp", "Sĩ số"], ["3A", "30"]]), "lop.csv", "Không nhận ra các cột"),
        (b"PK\x03\x04 garbage that pretends to be a zip", "lop.xlsx", "không phải tệp Excel"),
        (b"%PDF-1.4 not a list" * 30, "lop.xlsx", "không phải tệp Excel (.xlsx) hợp lệ"),
        ("Họ tên,Ngày sinh\r\n".encode() + b"\xa9\xae\xb5\xff,01/01/2018\r\n", "lop.csv", "UTF-8"),
        (b"", "lop.csv", "trống"),
    ],
)
def test_unusable_files_get_a_clear_message(teacher_client, classroom, data, name, expected):
    response = teacher_client.post(
        reverse("teacher_portal:roster_import", args=[classroom.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert expected in page_text(response)
    assert learner_count(classroom) == 0


def test_a_file_that_is_not_csv_or_xlsx_is_refused(teacher_client, classroom):
    response = upload(teacher_client, classroom, b"MZ\x90\x00", "virus.exe")
    assert "Hãy tải lên tệp .csv hoặc .xlsx." in page_text(response)


def test_too_many_rows_for_the_class(teacher_client, classroom):
    for i in range(MAX_LEARNERS_PER_CLASS - 2):
        enrol(classroom, display_name=f"Học Sinh Số {chr(65 + i // 26)}{chr(65 + i % 26)}")
    data = csv_bytes(
        [["Họ tên", "Ngày sinh"]] + [[f"Em Mới {chr(65 + i)}", f"01/01/{YEAR}"] for i in range(3)]
    )
    response = upload(teacher_client, classroom, data)
    assert "Mỗi lớp có tối đa 60 học sinh. Lớp 3A đang có 58 em, tệp thêm 3 em" in page_text(
        response
    )
    assert BeautifulSoup(response.content, "html.parser").find("input", {"name": "plan"}) is None
    assert learner_count(classroom) == MAX_LEARNERS_PER_CLASS - 2


def test_the_class_is_checked_again_when_the_preview_is_confirmed(teacher_client, classroom):
    data = csv_bytes(
        [["Họ tên", "Ngày sinh"], ["Nguyễn Văn An", f"01/01/{YEAR}"], ["Lò Lan", f"01/01/{YEAR}"]]
    )
    preview = upload(teacher_client, classroom, data)
    # Meanwhile a co-teacher added An by hand.
    enrol(classroom, display_name="Nguyễn Văn An", birth_year=YEAR)
    response = confirm(teacher_client, classroom, preview)
    page = teacher_client.get(response["Location"])
    assert "Chưa lưu gì: Nguyễn Văn An (sinh năm" in page_text(page)
    assert learner_count(classroom) == 1  # Lò Lan was not added either: all or nothing


def test_a_tampered_or_foreign_preview_is_refused(teacher_client, classroom, other_school_world):
    data = csv_bytes([["Họ tên", "Ngày sinh"], ["Nguyễn Văn An", f"01/01/{YEAR}"]])
    preview = upload(teacher_client, classroom, data)
    plan = BeautifulSoup(preview.content, "html.parser").find("input", {"name": "plan"})["value"]
    url = reverse("teacher_portal:roster_confirm", args=[classroom.pk])
    response = teacher_client.post(url, {"plan": plan[:-3] + "abc"})
    assert "Không đọc được bản xem trước" in page_text(teacher_client.get(response["Location"]))
    # The same plan posted by another teacher of the school to the class is refused too.
    from tests.factories import SchoolAdminFactory

    admin = SchoolAdminFactory(school=classroom.school)
    teacher_client.force_login(admin)
    teacher_client.post(url, {"plan": plan})
    assert learner_count(classroom) == 0


def test_archived_classes_take_no_import(teacher_client, classroom):
    classroom.archived_at = timezone.now()
    classroom.save(update_fields=["archived_at"])
    response = upload(
        teacher_client, classroom, csv_bytes([["Họ tên", "Ngày sinh"], ["An", "2018"]])
    )
    assert response.status_code == 302
    assert learner_count(classroom) == 0
