"""load_curriculum: idempotent, updates by revision, and all-or-nothing on a bad file."""

import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, Revision

from curriculum.models import LessonPage, ModulePage
from tests.conftest import FIXTURE_CURRICULUM, FIXTURE_ILLUSTRATIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(tmp_path):
    """A writable copy of the fixture curriculum."""
    target = tmp_path / "curriculum"
    shutil.copytree(FIXTURE_CURRICULUM, target)
    return target


def load(path, *extra):
    call_command(
        "load_curriculum",
        "--path",
        str(path),
        "--illustrations",
        str(FIXTURE_ILLUSTRATIONS),
        *extra,
        stdout=StringIO(),
    )


def snapshot():
    return (
        sorted(Page.objects.values_list("url_path", "title", "live")),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )


def test_first_load_publishes_the_whole_tree(tree):
    load(tree)
    module = ModulePage.objects.get(key="t1-mat-khau")
    assert module.live and module.title == "Mật khẩu là bí mật"
    assert [p.specific_class.__name__ for p in module.get_children()] == [
        "LessonPage",
        "LessonPage",
        "QuizPage",
    ]
    assert sorted(a.key for a in module.skill_areas.all()) == ["privacy", "security"]
    assert module.url_path.endswith("/lop-1-3/mat-khau/")


def test_loading_twice_changes_nothing(tree):
    load(tree)
    before = snapshot()
    load(tree)
    assert snapshot() == before
    load(tree, "--force")  # compares every page with its file: still nothing to do
    assert snapshot() == before


def test_a_changed_file_updates_its_page_by_a_new_revision(tree):
    load(tree)
    lesson = LessonPage.objects.get(key="t1-mat-khau-giu-kin")
    revisions = lesson.revisions.count()
    path = tree / "band-1" / "01-mat-khau.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Em giữ kín mật khẩu.", "Em luôn giữ kín mật khẩu."
        ),
        encoding="utf-8",
    )
    load(tree)
    lesson.refresh_from_db()
    assert lesson.revisions.count() == revisions + 1
    assert "Em luôn giữ kín mật khẩu." in str(lesson.body[0].value)
    # the other lesson of the same file did not change
    other = LessonPage.objects.get(key="t1-mat-khau-chia-khoa")
    assert other.revisions.count() == 1


def test_an_unchanged_file_does_not_overwrite_an_authors_edit(tree):
    load(tree)
    lesson = LessonPage.objects.get(key="t1-mat-khau-giu-kin")
    lesson.title = "Tên do tác giả sửa"
    lesson.save_revision().publish()
    load(tree)
    lesson.refresh_from_db()
    assert lesson.title == "Tên do tác giả sửa"


def test_reordered_lessons_are_moved(tree):
    load(tree)
    path = tree / "band-1" / "01-mat-khau.yaml"
    text = path.read_text(encoding="utf-8")
    first, second = (
        text.index("  - key: t1-mat-khau-chia-khoa"),
        text.index("  - key: t1-mat-khau-giu-kin"),
    )
    end = text.index("quiz:")
    path.write_text(
        text[:first] + text[second:end] + text[first:second] + text[end:], encoding="utf-8"
    )
    load(tree)
    module = ModulePage.objects.get(key="t1-mat-khau")
    assert [p.specific.key for p in module.get_children()[:2]] == [
        "t1-mat-khau-giu-kin",
        "t1-mat-khau-chia-khoa",
    ]


BAD_FILES = [
    (
        "missing field",
        "summary: Giữ mật khẩu cho riêng mình.\n",
        "",
        "01-mat-khau.yaml: summary: is missing",
    ),
    (
        "unknown block type",
        "      - heading: Chìa khóa của em",
        "      - quote: Chìa khóa của em",
        "lessons[0].body[0]: unknown block type 'quote'",
    ),
    (
        "unknown skill area",
        "skill_areas: [security, privacy]",
        "skill_areas: [security, hacking]",
        "skill_areas[1]: unknown skill area 'hacking'",
    ),
    (
        "duplicate slug",
        "    slug: giu-kin",
        "    slug: chia-khoa",
        "lessons[1].slug: duplicate slug 'chia-khoa'",
    ),
    (
        "unknown illustration",
        "illustration: password-key\n",
        "illustration: khong-co\n",
        "illustration: unknown illustration 'khong-co'",
    ),
    (
        "two correct answers",
        "        - {text: Cái bánh, correct: false",
        "        - {text: Cái bánh, correct: true",
        "quiz.questions[0].choices: needs exactly one correct choice, has 2",
    ),
    ("broken YAML", "title: Mật khẩu là bí mật", "title: [Mật khẩu", "not valid YAML"),
]


@pytest.mark.parametrize("name,old,new,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_stops_the_load_naming_file_and_field_and_changes_nothing(
    tree, name, old, new, message
):
    load(tree)
    # A good change in another file must not land either: the load is one transaction.
    band3 = tree / "band-3" / "01-tin-gia.yaml"
    band3.write_text(
        band3.read_text(encoding="utf-8").replace("title: Tin giả", "title: Tin giả (mới)"),
        encoding="utf-8",
    )
    path = tree / "band-1" / "01-mat-khau.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        load(tree)
    assert "01-mat-khau.yaml" in str(error.value)
    assert message in str(error.value)
    assert "nothing changed" in str(error.value)
    assert snapshot() == before
    assert ModulePage.objects.get(key="t3-tin-gia").title == "Tin giả"


def test_duplicate_module_slug_in_a_band_is_refused(tree):
    shutil.copy(tree / "band-1" / "01-mat-khau.yaml", tree / "band-1" / "02-ban-sao.yaml")
    with pytest.raises(CommandError, match="02-ban-sao.yaml: slug: duplicate slug 'mat-khau'"):
        load(tree)
    assert not ModulePage.objects.exists()


def test_a_slug_taken_by_a_page_made_in_the_admin_is_reported_not_a_crash(tree):
    load(tree)
    module = ModulePage.objects.get(key="t1-mat-khau")
    module.add_child(
        instance=LessonPage(title="Bài của tác giả", slug="bai-moi", body=[("heading", "x")])
    )
    path = tree / "band-1" / "01-mat-khau.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("slug: giu-kin", "slug: bai-moi"), encoding="utf-8"
    )
    before = snapshot()
    with pytest.raises(CommandError, match="01-mat-khau.yaml: lessons\\[1\\].*slug"):
        load(tree)
    assert snapshot() == before


def test_a_changed_illustration_replaces_the_picture_learners_see(tree, tmp_path, client):
    illustrations = tmp_path / "illustrations"
    shutil.copytree(FIXTURE_ILLUSTRATIONS, illustrations)
    call_command(
        "load_curriculum",
        "--path",
        str(tree),
        "--illustrations",
        str(illustrations),
        stdout=StringIO(),
    )
    lesson_url = LessonPage.objects.get(key="t1-mat-khau-chia-khoa").url
    first_src = BeautifulSoup(client.get(lesson_url).content, "html.parser").select_one(
        "figure img"
    )["src"]
    assert b"#f4a53c" in client.get(first_src).getvalue()

    svg = illustrations / "password-key.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("#f4a53c", "#2f6fae"), encoding="utf-8")
    call_command(
        "load_curriculum",
        "--path",
        str(tree),
        "--illustrations",
        str(illustrations),
        stdout=StringIO(),
    )
    src = BeautifulSoup(client.get(lesson_url).content, "html.parser").select_one("figure img")[
        "src"
    ]
    picture = client.get(src).getvalue()
    assert b"#2f6fae" in picture and b"#f4a53c" not in picture


def test_the_guide_and_the_glossary_load_with_their_band_and_reload_when_changed(tree):
    from curriculum.models import GlossaryPage

    load(tree)
    module = ModulePage.objects.get(key="t1-mat-khau")
    assert [step.block_type for step in module.guide_plan] == [
        "warm_up",
        "lessons",
        "discussion",
        "activity",
        "quiz",
    ]
    assert [o.value for o in module.guide_objectives][0] == "Học sinh giữ kín mật khẩu."
    assert [
        (n.value["question_key"], n.value["note"].source) for n in module.guide_answer_notes
    ] == [("q3", "<p>Nhắc lại rằng bạn thân cũng không được biết.</p>")]
    band = module.get_parent()
    glossary = GlossaryPage.objects.child_of(band).get()
    assert band.get_children().last().pk == glossary.pk  # after the modules
    assert [t.value["key"] for t in glossary.terms] == ["mat-khau", "otp"]

    revisions = module.revisions.count()
    guide = tree / "band-1" / "01-mat-khau.guide.yaml"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace("Chiếc chìa khóa", "Ổ khóa"), encoding="utf-8"
    )
    words = tree / "band-1" / "glossary.yaml"
    words.write_text(
        words.read_text(encoding="utf-8").replace("Không đưa cho ai.", "Không bao giờ đưa."),
        encoding="utf-8",
    )
    load(tree)
    module.refresh_from_db()
    assert module.revisions.count() == revisions + 1
    assert module.guide_plan[0].value["title"] == "Ổ khóa"
    glossary.refresh_from_db()
    assert glossary.terms[1].value["definition"] == "Mã số gửi về điện thoại. Không bao giờ đưa."
