"""Rollups: the numbers teachers and officials see, kept up to date as statements arrive.

Dashboards read only these tables, never statements, so their cost does not grow with the
number of statements. ``manage.py rebuild_rollups`` recomputes all of them from the store.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .xapi.models import Statement  # noqa: F401  (the store is part of this app)


class LearnerModuleProgress(models.Model):
    """One learner × one module."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.CASCADE, related_name="+")
    # The class the learner was in when they completed it (or last worked on it).
    classroom = models.ForeignKey(
        "schools.Classroom", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    lessons_experienced = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    first_score = models.FloatField(null=True, blank=True)  # scaled 0..1
    best_score = models.FloatField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # Bookkeeping that keeps the row independent of the order statements arrive in (so an
    # incremental update and ``rebuild_rollups`` agree): the keys of the lessons seen, and
    # which statements are the first attempt, the first pass and the latest activity
    # (ties on the timestamp are broken by statement id).
    lesson_keys = models.JSONField(default=list, blank=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    first_attempt_statement = models.UUIDField(null=True, blank=True)
    completed_statement = models.UUIDField(null=True, blank=True)
    last_statement = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "module"], name="one_progress_per_learner_module"
            )
        ]
        indexes = [models.Index(fields=["classroom", "module"])]


class LearnerClassModule(models.Model):
    """What one learner did on one module in the context of one class (the class in the
    statements' context, docs/coverage.md). Class numbers are computed from these rows, so a
    learner who moves class takes nothing with them and adds nothing to the new class."""

    classroom = models.ForeignKey("schools.Classroom", on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)  # first pass in this class
    best_score = models.FloatField(null=True, blank=True)  # best scaled score in this class

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "learner", "module"], name="one_fact_per_class_learner_module"
            )
        ]
        indexes = [models.Index(fields=["learner"])]


class FirstAnswer(models.Model):
    """A learner's first answer to one quiz question (by timestamp, then statement id): the
    basis of the question difficulty teachers see."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey("assessments.QuizPage", on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=40)
    classroom = models.ForeignKey(
        "schools.Classroom", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField()
    statement = models.UUIDField()
    correct = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "quiz", "question_key"], name="one_first_answer_per_question"
            )
        ]
        indexes = [models.Index(fields=["classroom", "module"])]


class ClassModuleRollup(models.Model):
    """One class × one module: how many learners started and completed it in this class
    (history: a learner who later left still counts here).

    Score sums (here and above) are sums of best scaled scores (0..1), each rounded to four
    decimals, so that incremental sums and a rebuild agree to the last bit."""

    classroom = models.ForeignKey("schools.Classroom", on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.CASCADE, related_name="+")
    learners_started = models.PositiveIntegerField(default=0)
    learners_completed = models.PositiveIntegerField(default=0)
    best_score_sum = models.FloatField(default=0)  # over learners with a score, for the average
    learners_scored = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "module"], name="one_rollup_per_class_module"
            )
        ]

    @property
    def average_best_percent(self) -> int | None:
        """The class's average best score on this module, in percent."""
        return (
            round(self.best_score_sum / self.learners_scored * 100)
            if self.learners_scored
            else None
        )


class QuestionRollup(models.Model):
    """One class × one quiz question, on each learner's first attempt: the difficulty a
    teacher sees."""

    classroom = models.ForeignKey("schools.Classroom", on_delete=models.CASCADE, related_name="+")
    # The quiz's module (always set; nullable only because the table predates the field).
    module = models.ForeignKey(
        "curriculum.ModulePage", on_delete=models.CASCADE, null=True, related_name="+"
    )
    quiz = models.ForeignKey("assessments.QuizPage", on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=40)
    first_try_answered = models.PositiveIntegerField(default=0)
    first_try_correct = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "quiz", "question_key"], name="one_rollup_per_class_question"
            )
        ]


class ClassRollup(models.Model):
    """One class in its school year: has it run the programme (MISSION.md, docs/coverage.md)?

    Its row is also the lock that serialises every change to the class's numbers."""

    classroom = models.OneToOneField(
        "schools.Classroom", on_delete=models.CASCADE, related_name="rollup"
    )
    # Learners enrolled now (enrolment not ended).
    learners_enrolled = models.PositiveIntegerField(default=0)
    # Of those, learners who completed (in this class) at least one module assigned to it.
    learners_completed = models.PositiveIntegerField(default=0)
    # Learner × module completions made in this class (history), and their best scores.
    modules_completed = models.PositiveIntegerField(default=0)
    best_score_sum = models.FloatField(default=0)
    scores = models.PositiveIntegerField(default=0)
    ran_on = models.DateField(null=True, blank=True)  # when it reached the share; null = not yet
    # {"2025-10": {"reached": n, "modules": m}}: when the counted learners were first reached
    # and when modules were completed, for the provinces' month-by-month trend.
    months = models.JSONField(default=dict, blank=True)


class SchoolYearRollup(models.Model):
    """One unit (school or facility) × one school year."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="rollups")
    school_year = models.ForeignKey(
        "schools.SchoolYear", on_delete=models.CASCADE, related_name="+"
    )
    classes = models.PositiveIntegerField(default=0)  # classes with learners enrolled
    classes_ran = models.PositiveIntegerField(default=0)
    learners_enrolled = models.PositiveIntegerField(default=0)
    # Σ over classes of learners who completed a module assigned to their class.
    learners_reached = models.PositiveIntegerField(default=0)
    modules_completed = models.PositiveIntegerField(default=0)
    best_score_sum = models.FloatField(default=0)
    scores = models.PositiveIntegerField(default=0)
    covered_on = models.DateField(null=True, blank=True)  # null = not covered yet

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], name="one_rollup_per_school_year"
            )
        ]
        indexes = [models.Index(fields=["school_year", "covered_on"])]


class ProvinceYearRollup(models.Model):
    """One province × one school year (units registered come from the School table)."""

    province = models.ForeignKey("schools.Province", on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(
        "schools.SchoolYear", on_delete=models.CASCADE, related_name="+"
    )
    units_covered = models.PositiveIntegerField(default=0)
    classes = models.PositiveIntegerField(default=0)  # classes with learners enrolled
    classes_ran = models.PositiveIntegerField(default=0)
    learners_enrolled = models.PositiveIntegerField(default=0)
    learners_reached = models.PositiveIntegerField(default=0)
    modules_completed = models.PositiveIntegerField(default=0)
    best_score_sum = models.FloatField(default=0)
    scores = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "school_year"], name="one_rollup_per_province_year"
            )
        ]


class ProvinceMonthRollup(models.Model):
    """What changed in a province in one month: the trend lines."""

    province = models.ForeignKey("schools.Province", on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(
        "schools.SchoolYear", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()  # the first day of the month
    units_newly_covered = models.PositiveIntegerField(default=0)
    classes_newly_ran = models.PositiveIntegerField(default=0)
    learners_newly_reached = models.PositiveIntegerField(default=0)
    modules_completed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "school_year", "month"], name="one_rollup_per_province_month"
            )
        ]


class LearnerPractice(models.Model):
    """One learner × one practice activity of a lesson (a practice block, or an H5P package):
    what the teacher sees as practice. Folded from the learner's own statements (their
    browser is the authority, docs/xapi-profile.md "Practice"), so it never counts toward
    completing a module: only the server-scored quiz does.

    Folding is order-free (sums, maximums, and "latest by timestamp then statement id"), so an
    incremental update and ``rebuild_rollups`` agree."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    activity = models.CharField(max_length=500)  # the activity id (analytics.xapi.profile)
    lesson = models.ForeignKey("curriculum.LessonPage", on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.CASCADE, related_name="+")
    # The class in the context of the latest statement (not a hot row: nothing is summed per
    # class here; teacher pages filter on it).
    classroom = models.ForeignKey(
        "schools.Classroom", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20)  # sort, clue, branch, h5p, ... (PracticeTarget.kind)
    title = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveIntegerField(default=0)  # statements with a result
    successes = models.PositiveIntegerField(default=0)
    best_score = models.FloatField(null=True, blank=True)  # scaled 0..1
    last_score = models.FloatField(null=True, blank=True)
    last_success = models.BooleanField(null=True, blank=True)
    seconds = models.PositiveIntegerField(default=0)  # Σ result.duration, whole seconds
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()  # the latest statement of any kind
    last_statement = models.UUIDField()  # ties on a time are broken by statement id
    last_result_at = models.DateTimeField(null=True, blank=True)  # the latest with a result
    last_result_statement = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "activity"], name="one_practice_per_learner_activity"
            )
        ]
        indexes = [
            models.Index(fields=["learner", "module"], name="practice_learner_module"),
            models.Index(fields=["classroom", "module"], name="practice_class_module"),
        ]


class ClassRecount(models.Model):
    """A class whose numbers must be recomputed: the queue between the request that records
    statements (or changes an enrolment or an assignment) and the worker that recomputes the
    class, its school, its province and the month rows (docs/scaling.md, "Writes off the hot
    row"). Rows are only ever inserted by requests, so forty children submitting at once
    never wait for each other; the worker takes them with SKIP LOCKED, merges those of one
    class and deletes them in the transaction that applies them."""

    classroom = models.ForeignKey("schools.Classroom", on_delete=models.CASCADE, related_name="+")
    # Module ids whose class × module rows changed; null: all of them; []: none (enrolment).
    modules = models.JSONField(null=True, blank=True)
    at = models.DateTimeField()  # when the change happened (dates a class reaching the share)
    ran_at = models.DateTimeField(null=True, blank=True)  # a "ran the programme" statement
    queued_at = models.DateTimeField(auto_now_add=True)
