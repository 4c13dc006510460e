"""`python -m content.validate`: the issue-14 rules, each an error naming the file and the
field, on small trees built for each rule; the starter curriculum passes them all
(test_starter_content.py)."""

import shutil

import pytest

from content import validate
from content.schema import read_curriculum
from tests.conftest import FIXTURE_CURRICULUM, FIXTURE_ILLUSTRATIONS


@pytest.fixture
def tree(tmp_path):
    target = tmp_path / "curriculum"
    shutil.copytree(FIXTURE_CURRICULUM, target)
    return target


def problems(tree, band=None):
    return validate.rule_problems(read_curriculum(tree, FIXTURE_ILLUSTRATIONS), band)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_module_needs_a_guide(tree):
    assert "band-3/01-tin-gia.yaml: no teacher's guide (01-tin-gia.guide.yaml is missing)" in (
        problems(tree, 3)
    )
    assert not any("teacher's guide" in p for p in problems(tree, 1))


def test_the_pending_list_only_shrinks(tree, monkeypatch):
    monkeypatch.setattr(validate, "GUIDE_PENDING", {"t3-tin-gia", "t1-mat-khau", "khong-co"})
    found = problems(tree)
    assert not any("01-tin-gia.guide.yaml is missing" in p for p in found)  # pending: allowed
    assert (
        "band-1/01-mat-khau.yaml: has its guide now: remove 't1-mat-khau' from GUIDE_PENDING"
        in found
    )
    assert "content/validate.py: GUIDE_PENDING: no module 'khong-co'" in found


def test_every_band_needs_a_glossary(tree):
    assert "band-3/glossary.yaml: missing (every band has a glossary)" in problems(tree, 3)
    assert not any("glossary" in p for p in problems(tree, 1))


QUIZ = """
quiz:
  title: Thử tài
  questions:
    - key: q1
      type: {kind}
      prompt: Bạn làm gì?
      choices:
        - {{text: Kiểm tra nguồn., correct: true, feedback: Đúng.}}
        - {{text: Chia sẻ ngay., correct: false, feedback: Chưa đúng.}}
"""


def test_a_band_needs_36_quiz_items_and_half_of_them_scenarios_from_band_2(tree):
    path = tree / "band-3/01-tin-gia.yaml"
    assert "band-3: quiz.questions: 0 items in the band, at least 36 wanted" in problems(tree, 3)
    original = path.read_text(encoding="utf-8")
    path.write_text(original + QUIZ.format(kind="single_choice"), encoding="utf-8")
    band3 = problems(tree, 3)
    assert "band-3: quiz.questions: 1 items in the band, at least 36 wanted" in band3
    assert "band-3: quiz.questions: 0 of 1 items are scenarios, at least 50% wanted" in band3
    path.write_text(
        original
        + QUIZ.format(kind="scenario").replace(
            "      prompt:", "      situation: Một tin lạ.\n      prompt:"
        ),
        encoding="utf-8",
    )
    assert not any("scenarios" in p for p in problems(tree, 3))
    assert not any("scenarios" in p for p in problems(tree, 1))  # band 1: no such rule


def test_a_module_time_covers_its_lessons_and_its_quiz(tree):
    assert not any("estimated_minutes" in p for p in problems(tree, 1))  # 10 ≥ 4 + 3 + 3
    edit(tree / "band-1/01-mat-khau.yaml", "estimated_minutes: 10\n", "estimated_minutes: 7\n")
    assert (
        "band-1/01-mat-khau.yaml: estimated_minutes: 7, but the lessons take 7 and the quiz about 3"
        in problems(tree, 1)
    )


def test_band_1_sentences_are_at_most_12_tieng(tree):
    edit(
        tree / "band-1/01-mat-khau.yaml",
        "paragraph: Em giữ kín mật khẩu.",
        "paragraph: Em giữ kín mật khẩu của em, không nói cho bạn nào trong lớp biết cả.",
    )
    assert [p for p in problems(tree, 1) if "tiếng" in p] == [
        "band-1/01-mat-khau.yaml: lessons[1].body[0].paragraph: 16 tiếng > 12: "
        "Em giữ kín mật khẩu của em, không nói cho bạn nào trong lớp biết cả."
    ]


def test_sentences_are_counted_in_tieng_and_list_items_stand_alone():
    html = "<p>Em làm ba việc nhỏ:</p><ul><li>Úp máy xuống.</li><li>Gọi mẹ – ngay!</li></ul>"
    counted = [n for text in validate._texts(html) for _, n in validate._sentences(text)]
    assert counted == [5, 3, 3]  # "mật khẩu" is two tiếng; a lone dash is none


def test_main_prints_errors_and_exits_1(tree, capsys):
    assert validate.main(["--path", str(tree)]) == 1
    out = capsys.readouterr().out
    assert "ERROR band-3/01-tin-gia.yaml: no teacher's guide" in out
