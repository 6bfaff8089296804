"""Static files that come from installed Python packages, served by Vetrina itself (no CDN).

Charts use plotly.js as the `plotly` package ships it (plotly/package_data/plotly.min.js): it draws every chart the metrics page needs (bars, donuts, lines, per-video marks)
with tooltips, follows colours given at run time and resizes with its container, and it is pinned
in uv.lock like any other dependency. A finder of single files, rather than a STATICFILES_DIRS
entry for the package's folder, so that collectstatic copies the one script and not the package's
sample data sets beside it.
"""

from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


# URL path under STATIC_URL -> the package file served there.
PACKAGE_FILES = {"vendor/plotly/plotly.min.js": _plotly_js}


class PackageFileFinder(BaseFinder):
    def _files(self) -> dict[str, Path]:
        return {url_path: locate() for url_path, locate in PACKAGE_FILES.items()}

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            Error(f"{file} is missing: reinstall the package that ships it.", id="vetrina.E001")
            for file in self._files().values()
            if not file.is_file()
        ]

    def find(self, path: str, find_all: bool = False) -> Any:
        file = self._files().get(path)
        if file is None:
            return [] if find_all else ""
        return [str(file)] if find_all else str(file)

    def list(self, ignore_patterns: Any) -> Any:
        for url_path, file in self._files().items():
            storage = FileSystemStorage(location=str(file.parent))
            # collectstatic copies the file to prefix/name.
            storage.prefix = str(Path(url_path).parent)  # type: ignore[attr-defined]
            yield file.name, storage
