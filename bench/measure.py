"""Measure pages in this process with the Django test client: server time and SQL queries."""

import resource
import statistics
import time

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from .pages import ANNUAL_REPORT, PAGES, ROLE_LABELS, BenchContext, baselines_for

BENCH_URLCONF = "bench.urls"


def percentile(values, share):
    """Nearest-rank percentile (share in 0-1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def _clients():
    from comptes.models import User

    clients = {}
    for email in ROLE_LABELS:
        client = Client()
        client.force_login(User.objects.get(email=email))
        clients[email] = client
    return clients


def _measure(client, url, requests, warmup, show_sql=None):
    for _ in range(warmup):
        response = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read now: the next request empties the connection's query log that captured_queries slices.
    query_count = len(queries.captured_queries)
    if show_sql:
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
            show_sql(f"    {float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")
    durations = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        durations.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "queries": query_count,
        "median_ms": statistics.median(durations),
        "p95_ms": percentile(durations, 0.95),
        "bytes": len(response.content),
        "durations": durations,
    }


def measure_pages(*, requests=30, warmup=3, only=None, report=None, show_sql=None):
    """{label: result} for the baselines and every page whose URL name resolves (others: {"absent": True})."""
    results = {}
    with override_settings(ROOT_URLCONF=BENCH_URLCONF, ALLOWED_HOSTS=["testserver"]):
        context = BenchContext.load()
        clients = _clients()
        pages = [p for p in PAGES if not only or p.label in only]
        for page in baselines_for(pages) + pages:
            url = page.url(context)
            if url is None:
                results[page.label] = {"absent": True, "url_name": page.url_name}
            else:
                results[page.label] = _measure(clients[page.user], url, requests, warmup, show_sql) | {
                    "url": url,
                    "url_name": page.url_name,
                    "user": ROLE_LABELS[page.user],
                    "baseline": f"Référence ({ROLE_LABELS[page.user]})",
                    "is_baseline": "baseline" in page.tags,
                }
            if report:
                report(page.label, results[page.label])
    return results


def measure_annual_report():
    """Time and peak memory (maximum resident set of this process) of one annual report PDF.

    WeasyPrint is imported and initialised (fonts) on a tiny document first: that one-time cost of a worker is
    not the report's. The first download renders the report (cache empty in this fresh process); the second
    shows what the report cache gives.
    """
    import weasyprint

    weasyprint.HTML(string="<p>initialisation</p>").write_pdf()
    with override_settings(ROOT_URLCONF=BENCH_URLCONF, ALLOWED_HOSTS=["testserver"]):
        context = BenchContext.load()
        url = ANNUAL_REPORT.url(context)
        if url is None:
            return {"absent": True, "url_name": ANNUAL_REPORT.url_name, "label": ANNUAL_REPORT.label}
        client = _clients()[ANNUAL_REPORT.user]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        query_count = len(queries.captured_queries)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        client.get(url)
        second = time.perf_counter() - started
        return {
            "label": ANNUAL_REPORT.label,
            "url": url,
            "status": response.status_code,
            "content_type": response.get("Content-Type", ""),
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "second_seconds": second,
            "queries": query_count,
            "peak_mb": peak / 1024,
            "before_mb": before / 1024,
        }
