"""The load test's report: the highest sustained throughput and the CPU bound, computed from the measured steps."""

from bench.loadtest import report

KEYS = ("users", "seconds", "requests", "requests_per_second", "p95_ms", "errors", "cpu_seconds")
STEPS = [
    dict(zip(KEYS, values, strict=True))
    for values in (
        (10, 22.0, 440, 20.0, 120.0, 0, 8.8),
        (20, 22.0, 880, 40.0, 280.0, 0, 17.6),
        (30, 22.0, 990, 45.0, 410.0, 0, 19.8),
    )
]


def test_cpu_bound_is_the_cores_over_the_mean_cpu_time_of_a_request():
    bound, per_request = report.cpu_bound(STEPS, cores=2)

    # 46.2 s of CPU for 2 310 requests: 20 ms each, so 2 cores serve at most 100 requests/s.
    assert round(per_request * 1000, 6) == 20.0
    assert round(bound, 6) == 100.0


def test_the_sustained_throughput_is_the_best_step_under_300_ms_without_errors(tmp_path):
    stats = tmp_path / "stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,50%,95%,Max Response Time\n"
        "GET,fiche-action,900,0,40,180,612.3\nPOST,Aggregated,900,0,40,180,612.3\n",
        encoding="utf-8",
    )

    text = report.section({"steps": STEPS, "cores": 2}, stats, "paliers")

    assert "**40,0 requêtes/s** (20 utilisateurs, p95 280 ms)" in text
    assert "= **100,0 requêtes/s** : le débit soutenu en est **40 %**" in text
    assert "| fiche-action | 900 | 0 | 40 ms | 180 ms | 612 ms |" in text
    assert "Aggregated" not in text


def test_the_cpu_of_locust_and_postgresql_is_shown_beside_the_bound(tmp_path):
    stats = tmp_path / "stats.csv"
    stats.write_text("Type,Name,Request Count,Failure Count,50%,95%,Max Response Time\n", encoding="utf-8")
    # 2 310 requests: 2 ms of Locust and 8 ms of PostgreSQL each, beside the 20 ms of the workers.
    steps = [
        {**step, "locust_cpu_seconds": step["requests"] * 0.002, "postgres_cpu_seconds": step["requests"] * 0.008}
        for step in STEPS
    ]

    text = report.section({"steps": steps, "cores": 2}, stats, "paliers")

    assert "| 20 | 22 s | 880 | 40,0 | 280 ms | 0 | 17,6 s | 20,0 ms | 1,8 s | 7,0 s |" in text
    assert "**Locust** a pris 2,0 ms de CPU par requête et **PostgreSQL** (les connexions des workers) 8,0 ms" in text
    assert "2 cœurs ÷ 30,0 ms pour les trois = 66,7 requêtes/s" in text


def test_a_summary_without_locust_and_postgresql_figures_still_makes_a_report(tmp_path):
    stats = tmp_path / "stats.csv"
    stats.write_text("Type,Name,Request Count,Failure Count,50%,95%,Max Response Time\n", encoding="utf-8")

    text = report.section({"steps": STEPS, "cores": 2}, stats, "paliers")

    assert "| 20 | 22 s | 880 | 40,0 | 280 ms | 0 | 17,6 s | 20,0 ms | — | — |" in text
    assert "Locust** a pris" not in text
