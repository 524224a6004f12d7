"""Every PDF in the product is rendered here.

WeasyPrint needs the system Pango library, so it is imported lazily with a clear message when it is
missing. The font configuration and the parsed print stylesheet are built once per process, on the
first render (so after Celery's fork, and never inside ``worker_process_init``, whose 4 s limit a
warm-up under load exceeds), and reused; the URL fetcher reaches only the product's own static
files, never the network.
"""

from __future__ import annotations

import base64
import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

PRINT_STYLESHEET = "css/print.css"
PANGO_MISSING = (
    "WeasyPrint cannot load the Pango library. Install it with "
    "'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0' (Debian/Ubuntu)."
)


class PdfUnavailable(RuntimeError):
    pass


_lock = threading.Lock()
_cache: dict[str, Any] = {}


def _weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # the shared library is missing
        raise PdfUnavailable(PANGO_MISSING) from exc
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def _static_file(url: str) -> Path | None:
    """The file in the static folders that ``url`` names, or None when it names anything else."""
    if url.startswith("file://"):
        candidate = Path(url[len("file://") :].split("?", 1)[0]).resolve()
        roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
        return candidate if any(candidate.is_relative_to(root) for root in roots) else None
    path = url.removeprefix(settings.BASE_URL)
    if not path.startswith(settings.STATIC_URL):
        return None
    try:
        found = finders.find(path[len(settings.STATIC_URL) :].split("?", 1)[0])
    except SuspiciousFileOperation:
        return None
    return Path(found) if found else None


def _fetcher():
    """A WeasyPrint URL fetcher limited to data: URLs and the product's own static files."""
    if "fetcher" not in _cache:
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class StaticOnlyFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                path = _static_file(url)
                if path is None or not path.is_file():
                    raise ValueError(f"PDFs may only load the product's static files, not {url!r}.")
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers={})

        _cache["fetcher"] = StaticOnlyFetcher()
    return _cache["fetcher"]


def _resources() -> tuple[Any, Any]:
    """Font configuration and parsed print CSS, built by the first render in each process."""
    with _lock:
        if "fonts" not in _cache:
            weasyprint = _weasyprint()
            from weasyprint.text.fonts import FontConfiguration

            fonts = FontConfiguration()
            css_path = finders.find(PRINT_STYLESHEET)
            stylesheet = weasyprint.CSS(
                filename=css_path, font_config=fonts, url_fetcher=_fetcher()
            )
            _cache["fonts"] = fonts
            _cache["css"] = stylesheet
            # What the process holds by now (Django, WeasyPrint's parsed stylesheets and fonts)
            # lives as long as the process: the collector stops walking it on every pass.
            gc.freeze()
        return _cache["fonts"], _cache["css"]


def _stylesheets(names: Iterable[str]) -> list[Any]:
    """The print stylesheet and a document kind's own (static paths), each parsed once a process."""
    fonts, base = _resources()
    sheets = [base]
    for name in names:
        key = f"css:{name}"
        with _lock:
            if key not in _cache:
                _cache[key] = _weasyprint().CSS(
                    filename=finders.find(name), font_config=fonts, url_fetcher=_fetcher()
                )
            sheets.append(_cache[key])
    return sheets


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Laying out a document makes hundreds of thousands of short-lived objects; the cyclic
    collector's default thresholds walk them hundreds of times a page, a fifth of the time.
    Raised for the render, restored after.

    A laid-out document is full of reference cycles (boxes and their parents), so what it
    leaves behind is freed only by a full collection, and with the raised thresholds that
    garbage has reached the oldest generation, which the default thresholds visit rarely: a
    worker rendering part after part grew by 75 MB a hundred payslips until Celery replaced it
    (CELERY_WORKER_MAX_MEMORY_KB). One full collection at the end (a third of a second after a
    hundred payslips) keeps the process at its size."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.collect()


def _logo_data_uri(organisation) -> str:
    """The logo lives in private storage, so it travels inside the document as a data: URL."""
    if not organisation.logo:
        return ""
    try:
        with organisation.logo.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return ""
    mime = "image/png" if organisation.logo.name.endswith(".png") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    language: str | None = None,
    stylesheets: Iterable[str] = (),
) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes, in ``language`` when given, with
    the print stylesheet and ``stylesheets`` (static paths of the document kind's own)."""
    weasyprint = _weasyprint()
    fonts, _base = _resources()
    sheets = _stylesheets(stylesheets)
    from backoffice.selectors import organisation_get

    organisation = organisation_get()
    context = {
        "organisation": organisation,
        "logo_data_uri": _logo_data_uri(organisation),
        **context,
    }
    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
        with _fewer_collections():
            return weasyprint.HTML(
                string=html, base_url=settings.BASE_URL + "/", url_fetcher=_fetcher()
            ).write_pdf(stylesheets=sheets, font_config=fonts)


def render_pdf_batch(
    template_name: str,
    contexts: Iterable[dict[str, Any]],
    *,
    language: str | None = None,
    progress: Callable[[int], None] | None = None,
    stylesheets: Iterable[str] = (),
) -> bytes:
    """One PDF of many documents (a run's payslips): each context is laid out as its own
    document (its own page numbers), then all pages are written into one file with the shared
    font configuration and stylesheet. ``progress(n)`` is called after each document."""
    from backoffice.selectors import organisation_get

    organisation = organisation_get()
    shared = {"organisation": organisation, "logo_data_uri": _logo_data_uri(organisation)}
    with translation.override(language or translation.get_language()), _fewer_collections():
        # The laid-out pages live only inside _batch_write, so the collection at the end of
        # _fewer_collections frees them.
        return _batch_write(
            template_name, ({**shared, **context} for context in contexts), progress, stylesheets
        )


def _batch_write(template_name, contexts, progress, stylesheets) -> bytes:
    weasyprint = _weasyprint()
    fonts, _base = _resources()
    sheets = _stylesheets(stylesheets)
    pages = []
    first = None
    for done, context in enumerate(contexts, start=1):
        html = render_to_string(template_name, context)
        document = weasyprint.HTML(
            string=html, base_url=settings.BASE_URL + "/", url_fetcher=_fetcher()
        ).render(stylesheets=sheets, font_config=fonts)
        first = first or document
        pages.extend(document.pages)
        if progress is not None:
            progress(done)
    if first is None:
        return b""
    return first.copy(pages).write_pdf()


def pdf_merge(parts: list[bytes]) -> bytes:
    """One PDF of ``parts``' pages, in order (a long batch rendered in parts by several
    workers). Each part keeps its own embedded font subsets."""
    import io

    from pypdf import PdfReader, PdfWriter

    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
