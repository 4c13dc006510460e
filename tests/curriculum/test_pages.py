"""The curriculum tree: which page goes where, stable keys, and every page type renders."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from assessments.models import QuizPage
from curriculum.models import (
    AgeBandPage,
    CurriculumIndexPage,
    GlossaryPage,
    LessonPage,
    ModulePage,
    SkillArea,
)
from tests.conftest import load_fixture_curriculum

NO_GUIDE = {  # a module may be drafted before its teacher's guide
    "guide_objectives": streamfield([]),
    "guide_preparation": streamfield([]),
    "guide_plan": streamfield([]),
    "guide_answer_notes": streamfield([]),
}


class CurriculumTreeRules(WagtailPageTestCase):
    def test_each_page_type_has_one_place(self):
        self.assertAllowedParentPageTypes(CurriculumIndexPage, {Page})
        self.assertAllowedSubpageTypes(CurriculumIndexPage, {AgeBandPage})
        self.assertAllowedParentPageTypes(AgeBandPage, {CurriculumIndexPage})
        self.assertAllowedSubpageTypes(AgeBandPage, {ModulePage, GlossaryPage})
        self.assertAllowedParentPageTypes(GlossaryPage, {AgeBandPage})
        self.assertAllowedSubpageTypes(GlossaryPage, set())
        self.assertAllowedParentPageTypes(ModulePage, {AgeBandPage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, QuizPage})
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(QuizPage, {ModulePage})

    def test_a_lesson_cannot_be_put_outside_a_module(self):
        self.assertCanNotCreateAt(AgeBandPage, LessonPage)
        self.assertCanNotCreateAt(CurriculumIndexPage, ModulePage)
        self.assertCanNotCreateAt(LessonPage, LessonPage)


class LoadedCurriculumPages(WagtailPageTestCase):
    def setUp(self):
        load_fixture_curriculum()
        self.home = CurriculumIndexPage.objects.get()
        self.band = AgeBandPage.objects.get(band=1)
        self.module = ModulePage.objects.get(key="t1-mat-khau")
        self.lesson = LessonPage.objects.get(key="t1-mat-khau-chia-khoa")

    def test_the_curriculum_is_the_site_home(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Lớp 1–3")
        self.assertContains(response, "Lớp 10–12")

    def test_only_one_home_and_four_bands(self):
        self.assertFalse(
            CurriculumIndexPage.can_create_at(Page.get_first_root_node())
        )  # max_count 1
        self.assertFalse(AgeBandPage.can_create_at(self.home))  # all four bands exist

    def test_every_page_type_renders(self):
        for page in (self.home, self.band, self.module, self.lesson, QuizPage.objects.get()):
            self.assertPageIsRenderable(page)

    def test_author_can_create_a_module_and_it_gets_a_stable_key(self):
        self.login()
        data = nested_form_data(
            {
                "title": "Ngủ đủ giấc",
                "slug": "ngu-du-giac",
                "summary": "Vì sao cần tắt màn hình trước khi ngủ.",
                "estimated_minutes": 10,
                "objectives": streamfield([("objective", "Em tắt màn hình trước giờ ngủ.")]),
                **NO_GUIDE,
            }
        )
        data["skill_areas"] = [SkillArea.objects.get(key="wellbeing").pk]  # a multi-value field
        self.assertCanCreate(self.band, ModulePage, data)
        module = ModulePage.objects.get(slug="ngu-du-giac")
        self.assertEqual(module.key, "ngu-du-giac")
        module.title = "Ngủ ngon mỗi tối"
        module.slug = "ngu-ngon"
        module.save_revision().publish()
        module.refresh_from_db()
        self.assertEqual(module.key, "ngu-du-giac", "renaming a page must not change its key")

    def test_author_can_create_a_lesson_with_blocks(self):
        self.login()
        self.assertCanCreate(
            self.module,
            LessonPage,
            nested_form_data(
                {
                    "title": "Bài mới",
                    "slug": "bai-moi",
                    "summary": "",
                    "estimated_minutes": 4,
                    "body": streamfield(
                        [
                            ("heading", "Một tiêu đề"),
                            ("paragraph", rich_text("<p>Một đoạn văn.</p>")),
                            ("callout", {"kind": "tip", "text": "Một mẹo"}),
                        ]
                    ),
                }
            ),
        )

    def test_a_copied_page_gets_its_own_key(self):
        copy = self.lesson.copy(update_attrs={"slug": "chia-khoa-2", "title": "Bản sao"})
        self.assertNotEqual(copy.key, self.lesson.key)
        self.assertTrue(copy.key)
