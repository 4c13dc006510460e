"""Writing the curriculum: the editorial groups and workflow, and loading the curriculum files."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from assessments.models import QuizPage
from content.schema import CONTENT_DIR, Curriculum, CurriculumError, Glossary, Module, guide_path

from .models import (
    AgeBandPage,
    CurriculumIndexPage,
    GlossaryPage,
    LessonPage,
    ModulePage,
    SkillArea,
)

AUTHORS_GROUP = "Tác giả"
REVIEWERS_GROUP = "Biên tập viên"
WORKFLOW_NAME = "Duyệt học liệu"
REVIEW_TASK_NAME = "Biên tập viên duyệt"
ILLUSTRATIONS_COLLECTION = "Hình minh họa"
MEDIA_DIR = CONTENT_DIR / "media"

AUTHOR_PAGE_PERMISSIONS = ["add", "change"]
REVIEWER_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def editorial_setup(*, curriculum_root: Page) -> Workflow:
    """Authors write and submit for review; reviewers review and publish. Idempotent."""
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name, page_permissions in (
        (AUTHORS_GROUP, AUTHOR_PAGE_PERMISSIONS),
        (REVIEWERS_GROUP, REVIEWER_PAGE_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for permission_type in page_permissions:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=curriculum_root, permission=permission
            )
        for app_label, codenames in MEDIA_PERMISSIONS.items():
            for codename in codenames:
                permission = Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        groups[name] = group

    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.add(groups[REVIEWERS_GROUP])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=curriculum_root, defaults={"workflow": workflow})
    return workflow


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged_files: int = 0
    images_created: int = 0
    images_updated: int = 0
    moved: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created or self.updated or self.images_created or self.images_updated or self.moved
        )

    def summary(self) -> str:
        return (
            f"{len(self.created)} page(s) created, {len(self.updated)} updated, "
            f"{self.unchanged_files} file(s) unchanged, {self.moved} moved; illustrations: "
            f"{self.images_created} added, {self.images_updated} replaced"
        )


def _strip_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _stream_normal(stream_field, raw_or_value) -> str:
    block = stream_field.stream_block
    value = block.to_python(raw_or_value) if isinstance(raw_or_value, list) else raw_or_value
    return json.dumps(_strip_ids(block.get_prep_value(value)), sort_keys=True, ensure_ascii=False)


class _Loader:
    def __init__(self, curriculum: Curriculum, illustrations_dir: Path, user, force: bool):
        self.curriculum = curriculum
        self.illustrations_dir = illustrations_dir
        self.user = user
        self.force = force
        self.report = LoadReport()
        self.images: dict[str, int] = {}
        self.documents: dict[str, int] = {}
        self.skill_areas = {area.key: area for area in SkillArea.objects.all()}

    # --- media ---------------------------------------------------------------------------
    def sync_illustrations(self) -> None:
        Image = get_image_model()
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=ILLUSTRATIONS_COLLECTION).first()
        if collection is None:
            collection = root.add_child(name=ILLUSTRATIONS_COLLECTION)
        existing = {img.title: img for img in Image.objects.filter(collection=collection)}
        for path in sorted(self.illustrations_dir.glob("*.svg")):
            data = path.read_bytes()
            digest = hashlib.sha1(data).hexdigest()  # noqa: S324  (Wagtail's own file hash)
            image = existing.get(path.stem)
            if image is not None and image.file_hash == digest:
                self.images[path.stem] = image.pk
                continue
            if image is None:
                image = Image(title=path.stem, collection=collection)
                self.report.images_created += 1
            else:
                # Renditions of the old picture would keep showing it: drop them with the file.
                image.renditions.all().delete()
                image.file.delete(save=False)
                self.report.images_updated += 1
            image.file.save(path.name, ContentFile(data), save=False)
            image.file_size = len(data)
            image.file_hash = digest
            with image.get_willow_image() as willow:
                image.width, image.height = willow.get_size()
            image.save()
            self.images[path.stem] = image.pk

    def document(self, name: str, source: Path) -> int:
        if name in self.documents:
            return self.documents[name]
        Document = get_document_model()
        path = MEDIA_DIR / name
        if not path.is_file():
            raise CurriculumError(source, "video.document", f"no file content/media/{name}")
        doc = Document.objects.filter(title=name).first()
        data = path.read_bytes()
        if doc is None or doc.file_hash != hashlib.sha1(data).hexdigest():  # noqa: S324
            doc = doc or Document(title=name)
            doc.file.save(name, ContentFile(data), save=False)
            doc.file_hash = hashlib.sha1(data).hexdigest()  # noqa: S324
            doc.file_size = len(data)
            doc.save()
        self.documents[name] = doc.pk
        return doc.pk

    # --- block data ----------------------------------------------------------------------
    def image_value(self, value: dict) -> dict:
        return {
            "image": self.images[value["illustration"]],
            "alt": value["alt"],
            "caption": value["caption"],
        }

    def lesson_raw(self, body: list[dict], source: Path) -> list[dict]:
        raw = []
        for block in body:
            kind, value = block["type"], block["value"]
            if kind == "image":
                value = self.image_value(value)
            elif kind == "scenario":
                value = {"prompt": value["prompt"], "choices": value["choices"]} | (
                    {"image": self.image_value(value["image"])} if value["image"] else {}
                )
            elif kind == "help":
                value = None
            elif kind == "video":
                value = {
                    "video": self.document(value["document"], source),
                    "transcript": value["transcript"],
                    "caption": value["caption"],
                }
            raw.append({"type": kind, "value": value})
        return raw

    def questions_raw(self, questions: list[dict]) -> list[dict]:
        raw = []
        for question in questions:
            value = dict(question["value"])
            image = value.pop("image")
            if image:
                value["image"] = self.image_value(image)
            raw.append({"type": question["type"], "value": value})
        return raw

    # --- teacher's guides and glossaries (issue 14) ----------------------------------------
    @staticmethod
    def guide_streams(module: Module) -> dict[str, list]:
        guide = module.guide
        if guide is None:
            return {
                "guide_objectives": [],
                "guide_preparation": [],
                "guide_plan": [],
                "guide_answer_notes": [],
            }
        return {
            "guide_objectives": [{"type": "objective", "value": o} for o in guide.objectives],
            "guide_preparation": [{"type": "item", "value": o} for o in guide.preparation],
            "guide_plan": [
                {"type": step["type"], "value": dict(step["value"])} for step in guide.plan
            ],
            "guide_answer_notes": [
                {"type": "note", "value": {"question_key": key, "note": note}}
                for key, note in guide.answer_notes.items()
            ],
        }

    def load_glossary(self, band_page: AgeBandPage, glossary: Glossary) -> GlossaryPage:
        return self.upsert(
            GlossaryPage,
            parent=band_page,
            page=GlossaryPage.objects.child_of(band_page).first(),
            fields={"title": glossary.title, "slug": glossary.slug, "intro": glossary.intro},
            streams={"terms": [{"type": "term", "value": dict(t)} for t in glossary.terms]},
            m2m={},
            label=f"glossary of band {glossary.band}",
            source=glossary.path,
        )

    # --- pages ---------------------------------------------------------------------------
    def upsert(
        self,
        model,
        *,
        parent: Page,
        page,
        fields: dict,
        streams: dict,
        m2m: dict,
        label: str,
        source: Path,
    ):
        """Create the page, or give it a new published revision if anything differs."""
        try:
            if page is None:
                page = model(**fields)
                for name, raw in streams.items():
                    setattr(page, name, raw)
                for name, values in m2m.items():
                    setattr(page, name, values)
                parent.add_child(instance=page)
                page.save_revision(user=self.user, log_action=True).publish(user=self.user)
                self.report.created.append(label)
                return page
            page = page.specific
            changed = [name for name, value in fields.items() if getattr(page, name) != value]
            for name, raw in streams.items():
                if _stream_normal(model._meta.get_field(name), raw) != _stream_normal(
                    model._meta.get_field(name), getattr(page, name)
                ):
                    changed.append(name)
            for name, values in m2m.items():
                if {v.pk for v in values} != set(getattr(page, name).values_list("pk", flat=True)):
                    changed.append(name)
            if not changed and page.live and not page.has_unpublished_changes:
                return page
            for name in changed:
                value = fields.get(name, streams.get(name, m2m.get(name)))
                setattr(page, name, value)
            page.save_revision(user=self.user, log_action=True).publish(user=self.user)
            self.report.updated.append(label)
            return page
        except ValidationError as exc:
            details = (
                "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in exc.message_dict.items())
                if hasattr(exc, "message_dict")
                else " ".join(exc.messages)
            )
            raise CurriculumError(source, label, f"Wagtail refused the page: {details}") from exc

    def order_children(self, parent: Page, pages: list[Page]) -> None:
        wanted = [p.pk for p in pages]
        current = [
            pk for pk in parent.get_children().values_list("pk", flat=True) if pk in set(wanted)
        ]
        if current == wanted:
            return
        for i, pk in enumerate(wanted):
            page = Page.objects.get(pk=pk)
            if i == 0:
                first = parent.get_children().first()
                if first.pk != pk:
                    page.move(first, pos="left")
                    self.report.moved += 1
            else:
                previous = Page.objects.get(pk=wanted[i - 1])
                if previous.get_next_sibling() is None or previous.get_next_sibling().pk != pk:
                    page.move(previous, pos="right")
                    self.report.moved += 1

    def ensure_index(self) -> CurriculumIndexPage:
        index = CurriculumIndexPage.objects.first()
        root = Page.get_first_root_node()
        fields = {"title": self.curriculum.home_title, "intro": self.curriculum.home_intro}
        source = Path("content/curriculum/bands.yaml")
        if index is None:
            index = self.upsert(
                CurriculumIndexPage,
                parent=root,
                page=None,
                fields=fields | {"slug": "trang-chu"},
                streams={},
                m2m={},
                label="home",
                source=source,
            )
        else:
            index = self.upsert(
                CurriculumIndexPage,
                parent=root,
                page=index,
                fields=fields,
                streams={},
                m2m={},
                label="home",
                source=source,
            )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=index,
                is_default_site=True,
                site_name=self.curriculum.home_title,
            )
        elif site.root_page_id != index.pk:
            old_root = site.root_page
            site.root_page = index
            site.save(update_fields=["root_page"])
            # Wagtail's placeholder "Welcome" page has no use once the curriculum is the site.
            if type(old_root.specific) is Page and old_root.depth == 2 and old_root.numchild == 0:
                old_root.delete()
        return index

    def load_module(
        self, band_page: AgeBandPage, module: Module, existing_pages: dict[str, Page]
    ) -> ModulePage:
        source = module.path
        fields = {
            "title": module.title,
            "slug": module.slug,
            "key": module.key,
            "summary": module.summary,
            "estimated_minutes": module.estimated_minutes,
            "illustration_id": self.images.get(module.illustration)
            if module.illustration
            else None,
        }
        page = existing_pages.get(module.key)
        if page is not None and page.get_parent().pk != band_page.pk:
            raise CurriculumError(
                source, "key", f"key '{module.key}' belongs to a module of another band"
            )
        module_page = self.upsert(
            ModulePage,
            parent=band_page,
            page=page,
            fields=fields,
            streams={"objectives": [{"type": "objective", "value": o} for o in module.objectives]}
            | self.guide_streams(module),
            m2m={"skill_areas": [self.skill_areas[a] for a in module.skill_areas]},
            label=module.key,
            source=source,
        )
        lesson_pages = (
            LessonPage.objects.child_of(module_page).in_bulk(field_name="key") if page else {}
        )
        children = []
        for i, lesson in enumerate(module.lessons):
            children.append(
                self.upsert(
                    LessonPage,
                    parent=module_page,
                    page=lesson_pages.get(lesson.key),
                    fields={
                        "title": lesson.title,
                        "slug": lesson.slug,
                        "key": lesson.key,
                        "summary": lesson.summary,
                        "estimated_minutes": lesson.estimated_minutes,
                    },
                    streams={"body": self.lesson_raw(lesson.body, source)},
                    m2m={},
                    label=f"lessons[{i}] ({lesson.key})",
                    source=source,
                )
            )
        if module.quiz:
            quiz = module.quiz
            children.append(
                self.upsert(
                    QuizPage,
                    parent=module_page,
                    page=QuizPage.objects.child_of(module_page).first(),
                    fields={
                        "title": quiz.title,
                        "slug": quiz.slug,
                        "intro": quiz.intro,
                        "pass_mark": quiz.pass_mark,
                        "shuffle": quiz.shuffle,
                    },
                    streams={"questions": self.questions_raw(quiz.questions)},
                    m2m={},
                    label="quiz",
                    source=source,
                )
            )
        self.order_children(module_page, children)
        return module_page

    def run(self, previous_hashes: dict[str, str]) -> dict[str, str]:
        from .models import CurriculumSource

        self.sync_illustrations()
        index = self.ensure_index()
        bands = {b.band: b for b in AgeBandPage.objects.child_of(index)}
        band_pages = []
        for band in self.curriculum.bands:
            band_pages.append(
                self.upsert(
                    AgeBandPage,
                    parent=index,
                    page=bands.get(band.band),
                    fields={
                        "title": band.title,
                        "slug": band.slug,
                        "band": band.band,
                        "description": band.description,
                        "colour": band.colour,
                        "illustration_id": self.images.get(band.illustration)
                        if band.illustration
                        else None,
                    },
                    streams={},
                    m2m={},
                    label=f"bands[{band.band}]",
                    source=Path("content/curriculum/bands.yaml"),
                )
            )
        self.order_children(index, band_pages)
        modules = ModulePage.objects.in_bulk(field_name="key")
        hashes = {}
        for band_page in band_pages:
            module_pages = []
            for module in self.curriculum.modules_of(band_page.band):
                relative = str(module.path.relative_to(module.path.parents[2]))
                digest = _module_digest(module)
                hashes[relative] = digest
                if (
                    not self.force
                    and previous_hashes.get(relative) == digest
                    and module.key in modules
                ):
                    self.report.unchanged_files += 1
                    module_pages.append(modules[module.key])
                    continue
                module_pages.append(self.load_module(band_page, module, modules))
            glossary = self.curriculum.glossaries.get(band_page.band)
            if glossary is not None:
                relative = str(glossary.path.relative_to(glossary.path.parents[2]))
                digest = hashlib.sha256(glossary.path.read_bytes()).hexdigest()
                hashes[relative] = digest
                existing = GlossaryPage.objects.child_of(band_page).first()
                if self.force or previous_hashes.get(relative) != digest or existing is None:
                    existing = self.load_glossary(band_page, glossary)
                else:
                    self.report.unchanged_files += 1
                module_pages.append(existing)  # after the modules
            self.order_children(band_page, module_pages)
        for relative, digest in hashes.items():
            CurriculumSource.objects.update_or_create(path=relative, defaults={"sha256": digest})
        editorial_setup(curriculum_root=index)
        return hashes


def _module_digest(module: Module) -> str:
    """A module file's hash, with its teacher's guide beside it: a change to either reloads."""
    digest = hashlib.sha256(module.path.read_bytes())
    guide = guide_path(module.path)
    if guide.exists():
        digest.update(b"\0guide\0" + guide.read_bytes())
    return digest.hexdigest()


def curriculum_load(
    *, curriculum: Curriculum, illustrations_dir: Path, user=None, force: bool = False
) -> LoadReport:
    """Load checked curriculum data into Wagtail in one transaction (docs/curriculum-format.md).

    A module file whose content has not changed since the last load is skipped, so edits
    made in Wagtail by authors are not overwritten; ``force`` compares every page anyway.
    """
    from .models import CurriculumSource

    loader = _Loader(curriculum, illustrations_dir, user, force)
    with transaction.atomic():
        previous = dict(CurriculumSource.objects.values_list("path", "sha256"))
        loader.run(previous)
    return loader.report
