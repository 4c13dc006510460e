"""What a child sees on every learner page: the way to help, a phone-sized layout, light pages."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def learner_urls(tree):
    from assessments.models import QuizPage

    return [
        "/",
        tree["band-1"].url,
        tree["band-3"].url,
        tree["t1-mat-khau"].url,
        tree["t1-mat-khau-chia-khoa"].url,
        tree["t3-tin-gia-nguon"].url,
        QuizPage.objects.get().url,
        "/help/",
    ]


def test_every_learner_page_shows_the_111_help_link(client, curriculum_tree):
    for url in learner_urls(curriculum_tree):
        response = client.get(url)
        assert response.status_code == 200, url
        page = BeautifulSoup(response.content, "html.parser")
        link = page.select_one(".help-bar a.help-call")
        assert link is not None, url
        assert link["href"] == "tel:111", url
        assert link.get_text(strip=True) == "Cần giúp đỡ? Gọi 111", url
        assert page.select_one(".help-bar").find("a", href="/help/") is not None, url


def test_pages_are_vietnamese_and_fit_a_phone(client, curriculum_tree):
    for url in learner_urls(curriculum_tree):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        assert page.html["lang"] == "vi", url
        assert (
            page.find("meta", attrs={"name": "viewport"})["content"]
            == "width=device-width, initial-scale=1"
        ), url


def test_english_is_available_by_choice_only(client, curriculum_tree):
    # A browser set to English still gets Vietnamese: many school computers are set so.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Cần giúp đỡ? Gọi 111" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert "Need help? Call 111" in response.content.decode()
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "en"


def test_help_page_names_every_help_line(client, db):
    text = BeautifulSoup(client.get("/help/").content, "html.parser").get_text(" ", strip=True)
    for expected in (
        "111",
        "113",
        "thầy cô chủ nhiệm",
        "Phòng tư vấn tâm lý học đường",
        "vn-cop.vn",
        "Giấy triệu tập thật",
    ):
        assert expected in text


def test_learner_pages_are_light(client, curriculum_tree):
    """A lesson page with its stylesheet and pictures stays far below Kolibri's 2.2 MB."""
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/site.css")).stat().st_size
    response = client.get(curriculum_tree["t1-mat-khau-chia-khoa"].url)
    page = BeautifulSoup(response.content, "html.parser")
    images = sum(len(client.get(img["src"]).getvalue()) for img in page.find_all("img"))
    total = len(response.content) + css + images
    assert not page.find_all("script", src=True)
    assert total < 60_000, f"{total} bytes"
