"""Background work of the learning records, run by the worker (``manage.py db_worker``,
django-tasks with django-tasks-db's database backend; ``make run`` starts it beside the web
server). Tasks are enqueued in the transaction of the change that causes them, so a change and
its task commit or vanish together, and running a task twice is harmless."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

# Finished drain tasks are kept this long (they say when the worker last ran), then pruned.
KEEP_FINISHED = timedelta(hours=1)


# Ahead of other queued work (Wagtail's search and reference index updates, forwarding): a
# teacher waits for these numbers.
@task(priority=50)
def rollups_drain_task() -> int:
    """Apply the queued class recounts (analytics.rollups.rollups_drain)."""
    from analytics.rollups import rollups_drain

    applied = rollups_drain()
    _prune_finished()
    return applied


def _uses_database_backend() -> bool:
    return type(rollups_drain_task.get_backend()).__module__.startswith("django_tasks_db")


def rollups_drain_soon() -> None:
    """Make sure a drain task is waiting for the worker. With the database backend, one
    waiting task is enough (it drains everything queued before it starts, and a task already
    running is not "waiting"), so a class of forty submitting at once adds forty queue rows
    but not forty tasks. Two requests may both enqueue one: the second finds nothing to do."""
    if _uses_database_backend():
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(
            task_path=rollups_drain_task.module_path, status="READY"
        ).exists()
        if waiting:
            return
    rollups_drain_task.enqueue()


def _prune_finished() -> None:
    if not _uses_database_backend():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        task_path=rollups_drain_task.module_path,
        status__in=["SUCCESSFUL"],
        finished_at__lt=timezone.now() - KEEP_FINISHED,
    ).delete()
