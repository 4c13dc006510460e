"""manage.py import_schools: the registry of schools and facilities, all or nothing, with
real province and ward codes and row-numbered errors."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lms.schools.models import School
from tests.teacher_portal.fixtures import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Mã trường", "Tên trường", "Cấp học", "Mã tỉnh", "Mã xã", "Tên xã"]


def run(tmp_path, data: bytes, name: str = "truong.csv", *args) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = StringIO()
    call_command("import_schools", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_registry_is_imported_with_real_codes(tmp_path):
    output = run(
        tmp_path,
        csv_bytes(
            [
                HEADER,
                [
                    "08001",
                    "Trường Tiểu học Minh Xuân",
                    "Tiểu học",
                    "08",
                    "02215",
                    "Phường Minh Xuân",
                ],
                [
                    "08002",
                    "Trường THCS Đồng Văn",
                    "THCS",
                    "8",
                    "721",
                    "Đồng Văn",
                ],  # zeros dropped by Excel
                ["08003", "Trường THPT Na Hang", "THPT", "08", "02221", ""],
                ["08004", "Trường PTDTBT TH&THCS Lũng Cú", "TH&THCS", "08", "00715", ""],
                [
                    "08005",
                    "Cơ sở bảo trợ xã hội trẻ em",
                    "Cơ sở bảo vệ, nuôi dưỡng trẻ em",
                    "08",
                    "02536",
                    "",
                ],
            ]
        ),
    )
    assert "5 trường mới" in output
    schools = {s.code: s for s in School.objects.select_related("province", "ward")}
    assert schools["08002"].ward.name == "Xã Đồng Văn"
    assert schools["08002"].province.code == "08"
    assert [schools[c].level for c in ("08001", "08002", "08003", "08004", "08005")] == [
        School.Level.PRIMARY,
        School.Level.LOWER_SECONDARY,
        School.Level.UPPER_SECONDARY,
        School.Level.MULTI_LEVEL,
        School.Level.CARE_FACILITY,
    ]


def test_xlsx_and_a_second_run_updates_instead_of_duplicating(tmp_path):
    rows = [
        ["STT", "ma_truong", "ten_truong", "cap_hoc", "ma_tinh", "ma_xa"],
        [1, "01001", "Trường Tiểu học Ba Đình", "primary", "01", "00004"],
    ]
    run(tmp_path, xlsx_bytes(rows), "truong.xlsx")
    rows[1][2] = "Trường Tiểu học Ba Đình (mới)"
    output = run(tmp_path, xlsx_bytes(rows), "truong.xlsx")
    assert "0 trường mới, 1 cập nhật" in output
    assert School.objects.get(code="01001").name == "Trường Tiểu học Ba Đình (mới)"
    assert School.objects.count() == 1


def test_any_bad_row_imports_nothing_and_every_problem_is_listed(tmp_path):
    data = csv_bytes(
        [
            HEADER,
            ["08001", "Trường Tiểu học Minh Xuân", "Tiểu học", "08", "02215", ""],
            ["08002", "Trường Sai Tỉnh", "THCS", "99", "02215", ""],
            ["08003", "Trường Sai Xã", "THCS", "01", "02215", ""],  # ward of Tuyên Quang
            ["08004", "Trường Sai Cấp", "Đại học", "08", "02215", ""],
            ["08001", "Trùng mã", "Tiểu học", "08", "02215", ""],
            ["08006", "", "Tiểu học", "08", "99999", ""],
            ["08007", "Trường Sai Tên Xã", "Tiểu học", "08", "02215", "Xã Lũng Cú"],
            ["08008", "=cmd()", "Tiểu học", "08", "02215", ""],
        ]
    )
    with pytest.raises(CommandError) as error:
        run(tmp_path, data)
    message = str(error.value)
    assert "Chưa nhập gì cả" in message
    assert "Dòng 3: mã tỉnh “99” không thuộc 34 mã tỉnh" in message
    assert (
        "Dòng 4: xã 02215 (Phường Minh Xuân) thuộc Tuyên Quang, không thuộc tỉnh mã 01" in message
    )
    assert "Dòng 5: cấp học “Đại học”" in message
    assert "Dòng 6: mã trường 08001 đã có ở dòng 2" in message
    assert "Dòng 7: thiếu tên trường; mã xã “99999” không tồn tại" in message
    assert "Dòng 8: mã xã 02215 là Phường Minh Xuân, nhưng tệp ghi “Xã Lũng Cú”" in message
    assert "Dòng 9: có ô chứa công thức" in message
    assert School.objects.count() == 0


def test_missing_columns_and_unreadable_files(tmp_path):
    with pytest.raises(CommandError) as error:
        run(tmp_path, csv_bytes([["Mã trường", "Tên trường"], ["1", "A"]]))
    assert "Thiếu cột: Cấp học, Mã tỉnh, Mã xã" in str(error.value)
    with pytest.raises(CommandError) as error:
        run(tmp_path, b"not a workbook" * 20, "truong.xlsx")
    assert "không phải tệp Excel" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command("import_schools", str(tmp_path / "khong-co.csv"))
    assert "Không đọc được" in str(error.value)
    assert School.objects.count() == 0


def test_dry_run_checks_and_saves_nothing(tmp_path):
    output = run(
        tmp_path,
        csv_bytes([HEADER, ["08001", "Trường A", "Tiểu học", "08", "02215", ""]]),
        "truong.csv",
        "--dry-run",
    )
    assert "Tệp hợp lệ: 1 trường" in output
    assert School.objects.count() == 0
