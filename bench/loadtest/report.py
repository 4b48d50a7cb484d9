"""Turns a Locust run (the summary JSON of locustfile.py, its CSV stats) into the load test section of
bench/results/latest.md, between the two markers that `make bench` keeps when it rewrites the file."""

import csv
import json
import sys
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
RESULTS = BASE_DIR / "bench" / "results" / "latest.md"
BEGIN, END = "<!-- loadtest -->", "<!-- /loadtest -->"
MAX_P95_MS = 300


def fr(value, digits=1):
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")


def seconds(value):
    return "—" if value is None else fr(value) + " s"


def per_request_ms(steps, key):
    """Mean CPU milliseconds of ``key`` per request over the steps that measured it, or None."""
    measured = [step for step in steps if step.get(key) is not None]
    requests = sum(step["requests"] for step in measured)
    return 1000 * sum(step[key] for step in measured) / requests if requests else None


def cpu_bound(steps, cores):
    """cores ÷ mean CPU seconds per request, over every measured step; None without CPU accounting."""
    cpu = sum(step["cpu_seconds"] or 0 for step in steps)
    requests = sum(step["requests"] for step in steps)
    if not cpu or not requests:
        return None, None
    return cores / (cpu / requests), cpu / requests


def section(summary, stats_csv, settings):
    steps, cores = summary["steps"], summary["cores"]
    bound, cpu_per_request = cpu_bound(steps, cores)
    passing = [step for step in steps if not step["errors"] and step["p95_ms"] is not None and step["p95_ms"] <= MAX_P95_MS]
    best = max(passing, key=lambda step: step["requests_per_second"], default=None)
    lines = [BEGIN, "", f"## Capacité (test de charge Locust, {settings})", ""]
    lines.append(f"Mesuré le {datetime.now():%d/%m/%Y à %H:%M} sur {cores} cœurs ; Locust tourne sur la même machine.")
    lines += [
        "",
        "| utilisateurs | durée mesurée | requêtes | requêtes/s | p95 | erreurs | CPU des workers | CPU par requête "
        "| CPU de Locust | CPU de PostgreSQL |",
    ]
    lines.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for step in steps:
        per_request = (step["cpu_seconds"] / step["requests"] * 1000) if step["cpu_seconds"] and step["requests"] else None
        lines.append(
            f"| {step['users']} | {fr(step['seconds'], 0)} s | {step['requests']} | {fr(step['requests_per_second'])} | "
            f"{fr(step['p95_ms'], 0) + ' ms' if step['p95_ms'] is not None else '—'} | {step['errors']} | "
            f"{seconds(step.get('cpu_seconds'))} | {fr(per_request, 1) + ' ms' if per_request is not None else '—'} | "
            f"{seconds(step.get('locust_cpu_seconds'))} | {seconds(step.get('postgres_cpu_seconds'))} |"
        )
    lines.append("")
    if best:
        lines.append(
            f"**Débit soutenu le plus haut** (zéro erreur, p95 ≤ {MAX_P95_MS} ms) : "
            f"**{fr(best['requests_per_second'])} requêtes/s** ({best['users']} utilisateurs, p95 {fr(best['p95_ms'], 0)} ms)."
        )
    else:
        lines.append(f"**Aucun palier** n'a tenu zéro erreur avec un p95 ≤ {MAX_P95_MS} ms.")
    if bound:
        share = f" : le débit soutenu en est **{fr(100 * best['requests_per_second'] / bound, 0)} %**" if best else ""
        lines.append(
            f"**Borne CPU** du même essai : {cores} cœurs ÷ {fr(cpu_per_request * 1000)} ms de CPU par requête "
            f"(temps user + system des workers gunicorn, /proc/<pid>/stat, sur les périodes mesurées) = "
            f"**{fr(bound)} requêtes/s**{share} (objectif : 75 %)."
        )
    locust, postgres = per_request_ms(steps, "locust_cpu_seconds"), per_request_ms(steps, "postgres_cpu_seconds")
    if bound and locust is not None and postgres is not None:
        machine = 1000 * cpu_per_request + locust + postgres
        lines.append(
            f"Sur les mêmes cœurs et les mêmes périodes, **Locust** a pris {fr(locust)} ms de CPU par requête et "
            f"**PostgreSQL** (les connexions des workers) {fr(postgres)} ms, autant de temps que les workers n'ont "
            f"pas eu : {cores} cœurs ÷ {fr(machine)} ms pour les trois = {fr(1000 * cores / machine)} requêtes/s."
        )
    lines += ["", "Par type de requête (toute la durée de l'essai, connexions comprises, CSV de Locust) :", ""]
    lines += ["| requête | nombre | échecs | médiane | p95 | max |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    with open(stats_csv, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            lines.append(
                f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} ms | {row['95%']} ms | "
                f"{fr(float(row['Max Response Time']), 0)} ms |"
            )
    lines += ["", END]
    return "\n".join(lines)


def write(text):
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if BEGIN in current and END in current:
        current = current[: current.index(BEGIN)].rstrip() + "\n\n" + text + current[current.index(END) + len(END) :]
    else:
        current = current.rstrip() + "\n\n" + text + "\n"
    RESULTS.write_text(current, encoding="utf-8")


def main(summary_path, stats_csv, settings):
    summary = json.loads(Path(summary_path).read_text(encoding="utf-8"))
    text = section(summary, stats_csv, settings)
    write(text)
    print(text)


if __name__ == "__main__":
    main(*sys.argv[1:4])
