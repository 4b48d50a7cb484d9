"""The PDF renderer reads the application's static files and data: URLs, nothing else."""

import io
import socket
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from core.pdf import RefusedURL, html_to_pdf, static_only_fetcher

STYLESHEET = '<link rel="stylesheet" href="rapports/css/pdf.css">'


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def listener():
    """A local server that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def connected(server):
    try:
        server.accept()[0].close()
    except BlockingIOError:
        return False
    return True


def test_pdf_fetches_no_network_url(listener):
    port = listener.getsockname()[1]
    html = f'{STYLESHEET}<h1>Bilan</h1><img src="http://127.0.0.1:{port}/x.png"><link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'

    pdf = html_to_pdf(html)

    assert not connected(listener)
    assert "Bilan" in pdf_text(pdf)


def test_pdf_reads_no_file_outside_static(tmp_path):
    outside = tmp_path / "fuite.css"
    outside.write_text('h1::after { content: "FUITE-DU-DISQUE"; }')
    html = f'{STYLESHEET}<link rel="stylesheet" href="{outside.as_uri()}"><h1>Bilan</h1><img src="file:///etc/passwd">'

    text = pdf_text(html_to_pdf(html))

    assert "FUITE-DU-DISQUE" not in text
    assert "Bilan" in text


def test_pdf_still_has_its_static_stylesheet():
    # The page footer « Page 1 sur 1 » is written by static/rapports/css/pdf.css alone.
    assert "Page 1 sur 1" in pdf_text(html_to_pdf(f"{STYLESHEET}<h1>Bilan</h1>"))
    assert "Page 1 sur 1" not in pdf_text(html_to_pdf("<h1>Bilan</h1>"))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "file://serveur/partage/x.css",
        (Path(settings.BASE_DIR) / "static" / ".." / "manage.py").as_uri(),
    ],
)
def test_fetcher_refuses_what_is_not_a_static_file(url):
    with pytest.raises(RefusedURL):
        static_only_fetcher().fetch(url)


def test_fetcher_serves_static_files_and_data_urls():
    css = Path(settings.BASE_DIR, "static", "rapports", "css", "pdf.css")
    response = static_only_fetcher().fetch(css.as_uri())
    assert (response.read(), response.content_type) == (css.read_bytes(), "text/css")

    response = static_only_fetcher().fetch("data:text/plain;base64,Ym9uam91cg==")
    assert response.read() == b"bonjour"
