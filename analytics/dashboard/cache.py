"""The dashboards' cache: computed figures per (scope, school year, filters), for a short time.

Why a TTL and not invalidation on every statement: at national scale thousands of statements
arrive per second during school hours, each changing some rollup; deleting cache entries on
the statement path would add work to the hottest write and keep the cache almost always
empty. Officials follow progress over days and weeks, so a figure at most
``DASHBOARD_CACHE_SECONDS`` old (two minutes by default) is accurate enough, and every page
says when its figures were computed. Bulk changes (``rebuild_rollups``, generating or
importing data) call ``dashboard_cache_invalidate()``, which bumps a version number that is
part of every key, so all cached figures are dropped at once on every app server sharing the
cache (Redis in production).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

# Bump when the cached data's shape changes, so a deploy never reads an old shape.
SCHEMA = "v1"
VERSION_KEY = f"dashboard:{SCHEMA}:version"


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def dashboard_cache_key(*parts: object) -> str:
    cleaned = ":".join("-" if part in (None, "") else str(part) for part in parts)
    return f"dashboard:{SCHEMA}:{_version()}:{cleaned}"


def dashboard_cached(key: str, compute: Callable[[], T]) -> T:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.DASHBOARD_CACHE_SECONDS)
    return value


def dashboard_cache_invalidate() -> None:
    """Drop every cached dashboard figure (after a rebuild or a bulk import)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version stored yet (or it expired from the cache)
        cache.set(VERSION_KEY, 2, timeout=None)
