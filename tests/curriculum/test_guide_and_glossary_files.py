"""Teachers' guides (NN-slug.guide.yaml) and glossaries (band-N/glossary.yaml) in the files:
read and checked without a database; every problem names the file and the field."""

import shutil

import pytest

from content.schema import CurriculumError, glossary_key, read_curriculum
from tests.conftest import FIXTURE_CURRICULUM, FIXTURE_ILLUSTRATIONS


@pytest.fixture
def tree(tmp_path):
    target = tmp_path / "curriculum"
    shutil.copytree(FIXTURE_CURRICULUM, target)
    return target


def read(tree):
    return read_curriculum(tree, FIXTURE_ILLUSTRATIONS)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def error_of(tree) -> CurriculumError:
    with pytest.raises(CurriculumError) as exc:
        read(tree)
    return exc.value


GUIDE = "band-1/01-mat-khau.guide.yaml"
MODULE = "band-1/01-mat-khau.yaml"
GLOSSARY = "band-1/glossary.yaml"


def test_the_guide_is_read_with_its_module(tree):
    module = read(tree).modules_of(1)[0]
    guide = module.guide
    assert [step["type"] for step in guide.plan] == [
        "warm_up",
        "lessons",
        "discussion",
        "activity",
        "quiz",
    ]
    assert guide.minutes == 35
    activity = guide.plan[3]["value"]
    assert activity["title"] == "Đóng vai “Không!”"
    assert activity["text"] == (
        "<p>Hai em lên bảng đóng vai.</p><ul><li>Một em xin mật khẩu.</li>"
        "<li>Một em nói <b>Không</b>.</li></ul>"
    )
    assert guide.answer_notes == {"q3": "<p>Nhắc lại rằng bạn thân cũng không được biết.</p>"}
    assert read(tree).modules_of(3)[0].guide is None  # a module may have none (the rules say)


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "  - quiz: {minutes: 5, text: Làm bài trên máy., offline: Đọc từng câu và giơ tay.}\n",
            "  - wrap_up: {minutes: 5, text: Tổng kết.}\n",
            "plan",
            "needs exactly one 'quiz' step, has 0",
        ),
        (
            "{minutes: 5, title: Chiếc chìa khóa,",
            "{minutes: 25, title: Chiếc chìa khóa,",
            "plan",
            "the steps take 55 minutes",
        ),
        (
            "  - warm_up: {minutes: 5,",
            "  - warmup: {minutes: 5,",
            "plan[0]",
            "unknown step 'warmup'",
        ),
        ("      offline: Đọc to câu chuyện.\n", "", "plan[1].lessons.offline", "is missing"),
        (
            '      prompts: ["Ai được biết mật khẩu?", "Em làm gì khi bị xin?"]',
            '      prompts: ["Ai được biết mật khẩu?"]',
            "plan[2].discussion.prompts",
            "needs at least 2 item(s), has 1",
        ),
        ("      title: Đóng vai “Không!”\n", "", "plan[3].activity.title", "is missing"),
        (
            "  q3: Nhắc lại",
            "  q9: Nhắc lại",
            "answer_notes.q9",
            "no question 'q9' in this module's quiz",
        ),
        (
            "objectives:\n",
            "objectives:\n  - Một mục tiêu thừa cho đủ sáu.\n  - Hai.\n  - Ba.\n  - Bốn.\n",
            "objectives",
            "allows at most 5 item(s)",
        ),
        ("preparation:", "materials:", "(top level)", "unknown field(s): materials"),
    ],
)
def test_a_bad_guide_is_refused_naming_the_file_and_the_field(tree, old, new, where, message):
    edit(tree / GUIDE, old, new)
    error = error_of(tree)
    assert error.path.endswith(GUIDE)
    assert error.where == where
    assert message in error.message


def test_a_guide_without_its_module_file_is_named(tree):
    (tree / "band-1/02-khong-co.guide.yaml").write_text("objectives: []\n", encoding="utf-8")
    error = error_of(tree)
    assert error.path.endswith("02-khong-co.guide.yaml")
    assert "without its module file" in error.message


def test_glossary_links_become_anchors_to_the_terms(tree):
    curriculum = read(tree)
    body = curriculum.modules_of(1)[0].lessons[0].body
    assert body[2]["value"].startswith('<p><a href="#tu-mat-khau">Mật khẩu</a> giống')
    assert [t["key"] for t in curriculum.glossaries[1].terms] == ["mat-khau", "otp"]
    assert curriculum.glossaries[1].slug == "tu-dien"
    assert glossary_key("Mã OTP") == "ma-otp" and glossary_key("Đăng xuất") == "dang-xuat"


@pytest.mark.parametrize(
    ("markup", "where", "message"),
    [
        (
            "[[Mật khẩu|mat-khau-cu]]",
            "lessons[0].body[2].paragraph",
            "glossary link 'mat-khau-cu' is not a term of band-1/glossary.yaml",
        ),
        (
            "[[Mật khẩu]]",
            "lessons[0].body[2].paragraph",  # the key from the text: mat-khau… exists
            None,
        ),
        ("[[Mã số]]", "lessons[0].body[2].paragraph", "glossary link 'ma-so' is not a term"),
        (
            "[[Mật khẩu|Mat Khau]]",
            "lessons[0].body[2].paragraph",
            "glossary link 'Mat Khau' is not a term",
        ),
        ("[[Mật khẩu", "lessons[0].body[2].paragraph", "a glossary link is written [[term]]"),
    ],
)
def test_a_link_to_no_term_is_refused_naming_the_field(tree, markup, where, message):
    edit(tree / MODULE, "[[Mật khẩu|mat-khau]]", markup)
    if message is None:
        read(tree)
        return
    error = error_of(tree)
    assert (error.path.endswith(MODULE), error.where) == (True, where)
    assert message in error.message


def test_links_stand_in_paragraphs_only(tree):
    edit(
        tree / MODULE,
        "text: Không đưa mật khẩu cho người lạ.",
        'text: "Không đưa [[mật khẩu]] cho người lạ."',
    )
    error = error_of(tree)
    assert error.where == "lessons[0].body[3].callout.text"
    assert "paragraphs only" in error.message


def test_a_link_in_a_band_without_a_glossary_is_refused(tree):
    (tree / GLOSSARY).unlink()
    error = error_of(tree)
    assert error.where == "lessons[0].body[2].paragraph"
    assert "band-1/glossary.yaml is missing" in error.message


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("  - {key: otp,", "  - {key: mat-khau,", "terms[1].key", "duplicate key 'mat-khau'"),
        (
            "definition: Mã số gửi về điện thoại. Không đưa cho ai.",
            "definition: ''",
            "terms[1].definition",
            "is missing",
        ),
        ("title: Từ điển nhỏ", "tieu_de: Từ điển nhỏ", "(top level)", "unknown field(s): tieu_de"),
    ],
)
def test_a_bad_glossary_is_refused_naming_the_field(tree, old, new, where, message):
    edit(tree / GLOSSARY, old, new)
    error = error_of(tree)
    assert error.path.endswith(GLOSSARY) and error.where == where
    assert message in error.message
