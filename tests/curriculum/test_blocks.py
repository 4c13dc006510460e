"""Every lesson block renders what a learner needs to see, without JavaScript."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from curriculum.models import LessonPage

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_lesson_renders_every_text_block(client, curriculum_tree):
    page = soup(client.get(curriculum_tree["t1-mat-khau-chia-khoa"].url))
    article = page.select_one("article.lesson")
    assert article.h1.get_text(strip=True) == "Chiếc chìa khóa"
    # heading
    assert "Chìa khóa của em" in [h.get_text(strip=True) for h in article.find_all("h2")]
    # image: the picture with its Vietnamese alt text and caption
    img = article.select_one("figure img")
    assert img["alt"] == "Chiếc chìa khóa vàng cạnh ổ khóa"
    assert img["src"].endswith(".svg")
    assert article.select_one("figure figcaption").get_text(strip=True) == "Chìa khóa nhà em"
    # paragraph: bold and a bullet list from the file's plain text
    assert article.find("b").get_text() == "chìa khóa"
    assert [li.get_text() for li in article.select("ul li")][:2] == [
        "Không đưa ai.",
        "Hỏi bố mẹ khi cần.",
    ]
    # callouts, one of each kind, with their Vietnamese label
    labels = {c["class"][1]: c.strong.get_text(strip=True) for c in article.select(".callout")}
    assert labels == {
        "callout-warning": "Cẩn thận",
        "callout-tip": "Mẹo nhỏ",
        "callout-remember": "Ghi nhớ",
    }
    # takeaways: a single rule is titled "Ghi nhớ"
    takeaways = article.select_one(".takeaways")
    assert takeaways.h2.get_text(strip=True) == "Ghi nhớ"
    assert takeaways.li.get_text() == "Mật khẩu là bí mật."


def test_scenario_shows_choices_with_explanations_and_no_script(client, curriculum_tree):
    response = client.get(curriculum_tree["t1-mat-khau-chia-khoa"].url)
    page = soup(response)
    scenario = page.select_one(".scenario")
    assert scenario.h2.get_text(strip=True) == "Em sẽ làm gì?"  # band 1 speaks to "em"
    choices = scenario.find_all("details")
    assert [d.summary.get_text(strip=True) for d in choices] == ["Cho bạn mật khẩu.", "Nói không."]
    assert "best" in choices[1]["class"] and "Đúng rồi! Em giữ bí mật." in choices[1].get_text()
    assert "Mật khẩu là bí mật của em." in choices[0].get_text()
    assert scenario.find("img")["alt"] == "Ổ khóa"
    assert page.find("script") is None


def test_older_bands_are_addressed_as_ban(client, curriculum_tree):
    page = soup(client.get(curriculum_tree["t3-tin-gia-nguon"].url))
    assert page.select_one(".scenario h2").get_text(strip=True) == "Bạn sẽ làm gì?"
    assert "nếu trường bạn có" in page.select_one(".help-card").get_text()


def test_help_block_lists_111_113_and_trusted_adults(client, curriculum_tree):
    card = soup(client.get(curriculum_tree["t1-mat-khau-chia-khoa"].url)).select_one(
        "article .help-card"
    )
    text = card.get_text(" ", strip=True)
    assert card.find("a", href="tel:111") is not None
    assert card.find("a", href="tel:113") is not None
    assert "miễn phí, 24 giờ mỗi ngày" in text
    assert "thầy cô chủ nhiệm" in text and "Phòng tư vấn tâm lý học đường" in text


def test_video_block_plays_a_local_file_with_captions_and_transcript(client, curriculum_tree):
    video = Document(title="bai-giang.mp4")
    video.file.save("bai-giang.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=True)
    captions = Document(title="bai-giang.vtt")
    captions.file.save(
        "bai-giang.vtt", ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\nXin chao\n"), save=True
    )
    lesson = LessonPage.objects.get(key="t1-mat-khau-giu-kin")
    lesson.body = [
        (
            "video",
            {
                "video": video,
                "captions": captions,
                "poster": None,
                "caption": "Video ngắn",
                "transcript": "Lời thoại của video.",
            },
        )
    ]
    lesson.save_revision().publish()

    page = soup(client.get(lesson.url))
    tag = page.select_one("figure.video video")
    assert tag.source["src"] == video.url  # served by the platform, not another host
    assert tag.track["src"] == captions.url and tag.track["srclang"] == "vi"
    assert "Lời thoại của video." in page.select_one("figure.video details").get_text()


def test_lesson_links_to_the_next_lesson_then_the_quiz(client, curriculum_tree):
    first = soup(client.get(curriculum_tree["t1-mat-khau-chia-khoa"].url))
    assert first.select_one(".pager a.button")["href"] == curriculum_tree["t1-mat-khau-giu-kin"].url
    last = soup(client.get(curriculum_tree["t1-mat-khau-giu-kin"].url))
    quiz_link = last.select(".pager a.button")[-1]
    assert quiz_link.get_text(strip=True).startswith("Làm bài kiểm tra")
    assert quiz_link["href"].endswith("/mat-khau/thu-tai/")


def test_module_page_lists_objectives_lessons_and_quiz(client, curriculum_tree):
    page = soup(client.get(curriculum_tree["t1-mat-khau"].url))
    assert [li.get_text() for li in page.select("main > ul li")] == [
        "Em giữ mật khẩu cho riêng mình.",
        "Em biết hỏi người lớn khi cần.",
    ]
    assert [a.get_text(" ", strip=True).split(" 4")[0] for a in page.select("ol.steps a")][
        0
    ] == "Chiếc chìa khóa"
    assert page.find("a", string="Thử tài") is not None
    # the skill areas show on the band page in Vietnamese
    band = soup(client.get(curriculum_tree["band-1"].url))
    chips = [c.get_text() for c in band.select(".chip")]
    assert chips == ["An toàn thông tin tối thiểu", "Bảo vệ thông tin cá nhân"]
