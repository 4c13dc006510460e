"""Recording what learners do on Wagtail pages."""

import logging

from wagtail import hooks

from lms.schools.access import is_learner

logger = logging.getLogger(__name__)


@hooks.register("before_serve_page")
def record_lesson_experienced(page, request, serve_args, serve_kwargs):
    """A signed-in learner who opens a lesson has "experienced" it (docs/xapi-profile.md).

    Only GET requests from learners count (not previews, not teachers). A failure to record
    never keeps a child from the lesson: it is logged, and the page is served."""
    from curriculum.models import LessonPage

    if request.method != "GET" or not is_learner(request.user):
        return None
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if not isinstance(specific, LessonPage):
        return None
    from django.db import DatabaseError

    from analytics.services import lesson_experienced_record
    from analytics.xapi.validation import StatementError

    try:
        module = specific.get_parent().specific
        lesson_experienced_record(learner=request.user, lesson=specific, module=module)
    except (StatementError, DatabaseError):
        logger.exception("could not record a lesson view (lesson %s)", page.pk)
    return None
