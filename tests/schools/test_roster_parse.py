"""Reading class lists as schools export them: the good files and every kind of bad one.
Parsing touches no database; the import views (tests/teacher_portal) check nothing is saved."""

import io
import unicodedata
import zipfile
from datetime import date, datetime

import pytest

from lms.schools.roster import MAX_LEARNERS_PER_CLASS, RosterError, roster_parse
from tests.teacher_portal.fixtures import csv_bytes, xlsx_bytes

TODAY = date(2026, 11, 23)


def parse(data: bytes, filename: str = "lop3a.csv"):
    return roster_parse(data=data, filename=filename, today=TODAY)


def test_a_plain_csv_gives_names_and_birth_years_only():
    result = parse(
        csv_bytes(
            [
                ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"],
                ["1", "Nguyễn Văn An", "05/09/2018", "Nam", "Kinh"],
                ["2", "Giàng A Páo", "17/3/2018", "Nam", "Mông"],
                ["3", "Triệu Thị Hoa", "2018-01-30", "Nữ", "Dao"],
            ]
        )
    )
    assert result.errors == []
    assert [(r.row, r.name, r.birth_year) for r in result.rows] == [
        (2, "Nguyễn Văn An", 2018),
        (3, "Giàng A Páo", 2018),
        (4, "Triệu Thị Hoa", 2018),
    ]
    # Gender is recognised and dropped; other columns are reported as ignored.
    assert "Giới tính" not in result.ignored_columns
    assert set(result.ignored_columns) == {"STT", "Dân tộc"}


def test_an_xlsx_export_with_a_title_block_and_split_name_columns():
    data = xlsx_bytes(
        [
            ["SỞ GIÁO DỤC VÀ ĐÀO TẠO TUYÊN QUANG"],
            ["DANH SÁCH HỌC SINH LỚP 3A"],
            [],
            ["STT", "Họ và tên đệm", "Tên", "Ngày sinh", "Giới tính"],
            [1, "Nông Thị", "Huyền", datetime(2018, 4, 2), "Nữ"],
            [2, "LÝ VĂN", "MINH", "12/12/2018", "Nam"],
            [None, None, None, None, None],
        ]
    )
    result = parse(data, "export.xlsx")
    assert result.errors == []
    # Capitals are turned into a readable name; the Excel row numbers are kept.
    assert [(r.row, r.name, r.birth_year) for r in result.rows] == [
        (5, "Nông Thị Huyền", 2018),
        (6, "Lý Văn Minh", 2018),
    ]


def test_semicolon_csv_from_a_vietnamese_excel_and_a_year_only_column():
    data = csv_bytes([["Họ tên", "Năm sinh"], ["Ma Văn Tùng", "2017"]], delimiter=";")
    result = parse(data)
    assert [(r.name, r.birth_year) for r in result.rows] == [("Ma Văn Tùng", 2017)]


def to_cp1258(text: str) -> bytes:
    """Encode as Windows does: precomposed vowels (ê, ơ, ư...) plus a combining tone mark."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + "".join(c for c in decomposed if c in tones))
    return "".join(out).encode("cp1258")


def test_windows_1258_csv_is_read_with_a_notice_to_check_accents():
    data = to_cp1258("Họ tên,Ngày sinh\r\nNguyễn Văn An,05/09/2018\r\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse(data)
    assert [r.name for r in result.rows] == ["Nguyễn Văn An"]
    assert "Windows-1258" in result.notes[0]


def test_text_in_an_unknown_encoding_is_refused_with_instructions():
    # Latin-1 bytes that are not Vietnamese in any encoding we accept.
    data = "Họ tên,Ngày sinh\r\n".encode() + b"Fran\xe7ois \xa9\xae\xb5,05/09/2018\r\n"
    with pytest.raises(RosterError) as error:
        parse(data)
    assert "UTF-8" in str(error.value)
    assert "CSV UTF-8" in str(error.value)


def test_utf16_export_with_tabs():
    data = "Họ tên\tNgày sinh\r\nHoàng Thị Mai\t01/02/2018\r\n".encode("utf-16")
    assert [r.name for r in parse(data).rows] == ["Hoàng Thị Mai"]


@pytest.mark.parametrize(
    "header",
    [["Tên lớp", "Sĩ số"], ["Name only"], ["STT", "Ngày sinh"]],
)
def test_wrong_columns_say_which_columns_are_needed(header):
    with pytest.raises(RosterError) as error:
        parse(csv_bytes([header, ["3A", "35"]]))
    assert "“Họ tên”" in str(error.value)
    assert "“Ngày sinh”" in str(error.value)


def test_a_list_without_birth_dates_is_refused():
    with pytest.raises(RosterError) as error:
        parse(csv_bytes([["Họ tên", "Giới tính"], ["Nguyễn Văn An", "Nam"]]))
    assert "Ngày sinh" in str(error.value)


def test_bad_dates_and_empty_names_are_listed_by_row():
    result = parse(
        csv_bytes(
            [
                ["Họ tên", "Ngày sinh"],
                ["Nguyễn Văn An", "31/02/2018"],  # no such day
                ["", "01/01/2018"],  # empty name
                ["Trần Bình", "03/25/2018"],  # month first
                ["Lê Cường", "ngày mai"],
                ["Phạm Dung", "01/01/2030"],  # future
                ["Vũ Em", "01/01/1990"],  # an adult
                ["Đỗ Giang", ""],
                ["Hồ Hà", "05/05/2018"],
            ]
        )
    )
    by_row = dict(result.errors)
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7, 8]
    assert "không có thật" in by_row[2]
    assert "thiếu họ tên" in by_row[3]
    assert "ngày/tháng/năm" in by_row[4]
    assert "ngày/tháng/năm" in by_row[5]
    assert "tương lai" in by_row[6]
    assert "36 tuổi" in by_row[7]
    assert "thiếu ngày sinh" in by_row[8]
    assert [r.name for r in result.rows] == ["Hồ Hà"]


def test_formulas_are_refused_in_csv_and_xlsx():
    csv_result = parse(
        csv_bytes(
            [
                ["Họ tên", "Ngày sinh"],
                ['=HYPERLINK("http://x","An")', "01/01/2018"],
                ["+Bình", "01/01/2018"],
            ]
        )
    )
    assert [row for row, _ in csv_result.errors] == [2, 3]
    assert "công thức" in csv_result.errors[0][1]
    assert "công thức" in csv_result.errors[1][1]

    xlsx_result = parse(
        xlsx_bytes(
            [["Họ tên", "Ngày sinh"], ["Nguyễn An", "=DATE(2018,1,1)"], ["Lê Bình", "02/02/2018"]]
        ),
        "lop.xlsx",
    )
    assert [row for row, _ in xlsx_result.errors] == [2]
    assert "Paste Values" in xlsx_result.errors[0][1]
    assert [r.name for r in xlsx_result.rows] == ["Lê Bình"]


def test_duplicates_in_one_file_point_to_the_first_row():
    result = parse(
        csv_bytes(
            [
                ["Họ tên", "Ngày sinh"],
                ["Nguyễn Thị Hương", "01/01/2018"],
                ["Nguyễn  thị hương", "01/01/2018"],
                ["Nguyễn Thị Hương", "05/05/2017"],  # another child: another year
            ]
        )
    )
    assert len(result.errors) == 1
    row, message = result.errors[0]
    assert row == 3 and "dòng 2" in message


def test_far_more_rows_than_a_class_holds_is_refused():
    rows = [["Họ tên", "Ngày sinh"]] + [
        [f"Học Sinh {chr(65 + i // 26)}{chr(65 + i % 26)}", "01/01/2018"]
        for i in range(MAX_LEARNERS_PER_CLASS + 1)
    ]
    with pytest.raises(RosterError) as error:
        parse(csv_bytes(rows))
    assert str(MAX_LEARNERS_PER_CLASS) in str(error.value)


def test_a_sheet_of_endless_blank_rows_is_not_read_to_its_end():
    rows = [["Họ tên", "Ngày sinh"], ["An Nguyễn", "01/01/2018"]] + [[""] * 2] * 5000
    with pytest.raises(RosterError) as error:
        parse(csv_bytes(rows))
    assert "quá nhiều dòng" in str(error.value)


def test_garbage_renamed_to_xlsx_and_old_xls_files_are_refused_clearly():
    with pytest.raises(RosterError) as error:
        parse(b"this is not a spreadsheet at all" * 10, "danhsach.xlsx")
    assert "không phải tệp Excel (.xlsx) hợp lệ" in str(error.value)

    with pytest.raises(RosterError) as error:
        parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "danhsach.xls")
    assert ".xls" in str(error.value)

    # A zip that is not a workbook.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(RosterError) as error:
        parse(buffer.getvalue(), "danhsach.xlsx")
    assert "không phải tệp Excel" in str(error.value)


def test_a_zip_bomb_is_refused_before_it_is_expanded():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (80 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(RosterError) as error:
        parse(buffer.getvalue(), "bom.xlsx")
    assert "quá nhiều dữ liệu" in str(error.value)


def test_binary_and_empty_files():
    with pytest.raises(RosterError) as error:
        parse(b"")
    assert "trống" in str(error.value)
    with pytest.raises(RosterError):
        parse(b"\x00\x01\x02\xff\xfe" * 50, "anh.csv")
