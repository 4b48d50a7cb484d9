"""Every GET URL of the permission matrix, opened as every role, read back as text.

An HTML page that answers 200 is opened a second time as an htmx request (header ``HX-Request``), since a
view may answer a fragment then. PDFs are read back with pypdf, CSV as text, XLSX with openpyxl.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.test import Client

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Page:
    label: str  # the matrix row's label
    role: str
    url: str
    htmx: bool
    status: int
    content_type: str
    disposition: str
    body: str  # the HTML or text as served, or the text read back from a PDF or a workbook

    @property
    def is_html(self):
        return self.content_type.startswith("text/html")

    @property
    def is_pdf(self):
        return self.content_type.startswith(PDF)

    @property
    def where(self):
        return f"{self.label} ({self.url}) en tant que {self.role}{' [htmx]' if self.htmx else ''}, HTTP {self.status}"


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(data):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def xlsx_text(data):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        "\t".join("" if cell is None else str(cell) for cell in row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def read_back(response):
    data = _content(response)
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith(PDF):
        return pdf_text(data)
    if content_type.startswith(XLSX):
        return xlsx_text(data)
    return data.decode(response.charset or "utf-8", errors="replace")


def _page(row, role, url, response, htmx):
    return Page(
        label=row.label,
        role=role,
        url=url,
        htmx=htmx,
        status=response.status_code,
        content_type=response.headers.get("Content-Type", ""),
        disposition=response.headers.get("Content-Disposition", ""),
        body=read_back(response),
    )


def crawl(world, matrix, roles):
    """The pages of every GET row of ``matrix`` for every role (their answers are the matrix's business)."""
    pages = []
    for role in roles:
        client = Client()
        if role != "anon":
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
        for row in matrix:
            if row.get is None:
                continue
            url = row.url(world)
            page = _page(row, role, url, client.get(url), htmx=False)
            pages.append(page)
            if page.is_html and page.status == 200:
                pages.append(_page(row, role, url, client.get(url, headers={"HX-Request": "true"}), htmx=True))
    return pages
