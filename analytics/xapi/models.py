"""The statement store: every learning event, as an xAPI 1.0.3 statement, stored once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    """One stored statement. ``payload`` is the statement as stored (with ``stored`` and
    ``authority`` set by the platform); the other columns are copies of its parts that
    queries filter on, so no query has to look inside the JSON.

    At national scale this table is partitioned by month of ``stored`` (docs/scaling.md);
    nothing joins to it, and dashboards never read it. Rows enter only through
    ``analytics.xapi.services.statements_record``.
    """

    id = models.UUIDField(primary_key=True)  # the statement id: idempotence key
    actor = models.CharField(max_length=64)  # the opaque account name (User.xapi_id)
    verb = models.CharField(max_length=200)
    activity = models.CharField(max_length=500)  # object.id
    registration = models.UUIDField(null=True, blank=True)
    timestamp = models.DateTimeField()
    stored = models.DateTimeField()
    # From the context extensions; empty for a learner without consent beyond what teaching
    # needs (docs/xapi-profile.md).
    province_code = models.CharField(max_length=2, blank=True)
    school_code = models.CharField(max_length=32, blank=True)
    classroom_id = models.BigIntegerField(
        null=True, blank=True
    )  # not a FK: history outlives a class
    # The account name of the authority: "platform" for statements the platform made
    # itself (the only ones rollups count), else the learner who sent it through /xapi/.
    authority = models.CharField(max_length=64, default="platform")
    payload = models.JSONField()
    voided = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["actor", "timestamp"], name="stmt_actor_ts"),
            models.Index(fields=["actor", "stored"], name="stmt_actor_stored"),
            models.Index(fields=["verb", "timestamp"], name="stmt_verb_ts"),
            models.Index(fields=["activity", "timestamp"], name="stmt_activity_ts"),
            models.Index(fields=["registration"], name="stmt_registration"),
            models.Index(fields=["timestamp"], name="stmt_ts"),
            models.Index(fields=["stored"], name="stmt_stored"),
            models.Index(fields=["school_code", "timestamp"], name="stmt_school_ts"),
            models.Index(fields=["classroom_id", "timestamp"], name="stmt_class_ts"),
        ]

    def __str__(self) -> str:
        return str(self.id)
