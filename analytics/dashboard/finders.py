"""Serves plotly.js from the plotly Python package's own file, as a static file.

Only that one file is exposed (the package's data folder also holds datasets and templates),
under ``analytics/vendor/plotly.min.js``. ``collectstatic`` copies it like any other static
file, so whitenoise compresses it and serves it with a hashed name and a far-future cache
header in production; pages never load it from a CDN.
"""

from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PLOTLY_JS_NAME = "plotly.min.js"
PLOTLY_JS_PREFIX = "analytics/vendor"
PLOTLY_JS_PATH = f"{PLOTLY_JS_PREFIX}/{PLOTLY_JS_NAME}"


def plotly_js_file() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / PLOTLY_JS_NAME


class PlotlyJsFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.file = plotly_js_file()
        self.storage = FileSystemStorage(location=str(self.file.parent))
        self.storage.prefix = PLOTLY_JS_PREFIX

    def check(self, **kwargs):
        if not self.file.is_file():
            return [
                Error(
                    f"plotly.js is missing from the plotly package ({self.file}).",
                    hint="Reinstall the 'plotly' package listed in pyproject.toml.",
                    id="analytics.E001",
                )
            ]
        return []

    def find(self, path, find_all=False, **kwargs):
        if path == PLOTLY_JS_PATH and self.file.is_file():
            return [str(self.file)] if find_all else str(self.file)
        return [] if find_all else None

    def list(self, ignore_patterns):
        if self.file.is_file():
            yield PLOTLY_JS_NAME, self.storage
