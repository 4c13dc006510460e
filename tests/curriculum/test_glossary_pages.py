"""A band's glossary in Wagtail: loaded from its file under the band, a page reachable from
the band and from every lesson, and the words a lesson links to listed under it."""

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks import StreamBlockValidationError

from curriculum.blocks import GlossaryStreamBlock, GuidePlanBlock
from curriculum.models import GlossaryPage

pytestmark = pytest.mark.django_db


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_the_glossary_is_a_page_of_its_band_listed_in_vietnamese_order(client, curriculum_tree):
    glossary = GlossaryPage.objects.get()
    assert glossary.get_parent().specific == curriculum_tree["band-1"]
    assert glossary.live and glossary.url.endswith("/lop-1-3/tu-dien/")
    page = page_of(client, glossary.url)
    entries = [(e["id"], e.dt.get_text(strip=True)) for e in page.select(".glossary-entry")]
    assert entries == [("tu-otp", "Mã OTP"), ("tu-mat-khau", "Mật khẩu")]  # a < â
    assert "Ví dụ: Chỉ em và bố mẹ biết." in page.get_text(" ", strip=True)
    band = page_of(client, curriculum_tree["band-1"].url)
    assert band.select_one(f'a[href="{glossary.url}"]')


def test_a_lesson_lists_the_words_it_links_to_and_links_the_glossary(client, curriculum_tree):
    lesson = curriculum_tree["t1-mat-khau-chia-khoa"]
    page = page_of(client, lesson.url)
    link = page.select_one('.lesson a[href="#tu-mat-khau"]')
    assert link and link.get_text() == "Mật khẩu"
    box = page.select_one(".lesson-terms")
    assert box.h2.get_text(strip=True) == "Từ mới trong bài"
    assert [e["id"] for e in box.select(".glossary-entry")] == ["tu-mat-khau"]
    assert "Chìa khóa bí mật của tài khoản." in box.get_text(" ", strip=True)
    assert box.select_one(f'a[href="{GlossaryPage.objects.get().url}"]')
    other = page_of(client, curriculum_tree["t1-mat-khau-giu-kin"].url)  # links to no word
    assert not other.select(".lesson-terms .glossary-entry")
    assert other.select_one(".lesson-terms a")  # the glossary is still one tap away


def test_a_band_without_a_glossary_shows_no_box(client, curriculum_tree):
    page = page_of(client, curriculum_tree["t3-tin-gia-nguon"].url)
    assert not page.select(".lesson-terms")


def test_glossary_words_need_their_own_keys_in_wagtail():
    block = GlossaryStreamBlock()
    value = block.to_python(
        [
            {"type": "term", "value": {"key": "otp", "term": "OTP", "definition": "Mã."}},
            {"type": "term", "value": {"key": "otp", "term": "Mã OTP", "definition": "Mã."}},
        ]
    )
    with pytest.raises(StreamBlockValidationError) as exc:
        block.clean(value)
    assert "otp" in str(exc.value.non_block_errors)


def step(kind, minutes, **fields):
    value = {"minutes": minutes, "text": "<p>…</p>"} | fields
    if kind in ("lessons", "quiz"):
        value.setdefault("offline", "<p>…</p>")
    if kind == "discussion":
        value.setdefault("prompts", ["Một?", "Hai?"])
    if kind == "activity":
        value.setdefault("title", "Đóng vai")
    return {"type": kind, "value": value}


def test_a_plan_in_wagtail_needs_every_step_and_one_period():
    block = GuidePlanBlock(required=False)  # as in the module's field (blank=True)
    full = [
        step("warm_up", 5),
        step("lessons", 15),
        step("discussion", 5),
        step("activity", 10),
        step("quiz", 5),
    ]
    assert len(block.clean(block.to_python(full))) == 5
    assert len(block.clean(block.to_python([]))) == 0  # a module may be drafted first
    with pytest.raises(StreamBlockValidationError) as exc:
        block.clean(block.to_python(full[:3]))
    errors = " ".join(str(e) for e in exc.value.non_block_errors)
    assert "Hoạt động không cần máy" in errors and "Bài kiểm tra" in errors
    assert "Các bước cộng lại 25 phút" in errors
