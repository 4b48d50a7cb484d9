import datetime
import io

import pytest
from django.urls import reverse

from core.concurrency import StaleObjectError
from gouvernance.enums import DecisionStatus, Weather
from gouvernance.figures import year_figures
from gouvernance.models import Decision, DecisionUpdate, FicheWeather
from gouvernance.services import record_decision_update, record_weather


def test_follow_up_sets_the_status_and_keeps_the_history(gov):
    author = gov.users["conseiller"]
    record_decision_update(decision=gov.late, author=author, status=DecisionStatus.EN_COURS, date=datetime.date(2025, 5, 1))
    record_decision_update(decision=gov.late, author=author, status=DecisionStatus.REALISEE, date=datetime.date(2025, 11, 2))
    # Back-dated: joins the history, does not replace the current state.
    record_decision_update(decision=gov.late, author=author, status=DecisionStatus.A_ENGAGER, date=datetime.date(2025, 4, 1))

    decision = Decision.objects.get(pk=gov.late.pk)
    assert decision.status == DecisionStatus.REALISEE
    assert not decision.is_late
    assert list(decision.updates.order_by("date").values_list("status", flat=True)) == [
        DecisionStatus.A_ENGAGER,
        DecisionStatus.EN_COURS,
        DecisionStatus.REALISEE,
    ]


def test_follow_up_from_a_stale_page_is_refused(gov):
    seen = gov.late.version
    record_decision_update(decision=gov.late, author=gov.users["admin"], status=DecisionStatus.REALISEE, expected_version=seen)
    with pytest.raises(StaleObjectError):
        record_decision_update(
            decision=gov.late, author=gov.users["conseiller"], status=DecisionStatus.ABANDONNEE, expected_version=seen
        )
    assert Decision.objects.get(pk=gov.late.pk).status == DecisionStatus.REALISEE
    assert DecisionUpdate.objects.count() == 1


def test_follow_up_and_weather_are_append_only(gov):
    update = record_decision_update(decision=gov.late, author=gov.users["admin"], status=DecisionStatus.REALISEE)
    weather = record_weather(fiche=gov.fiche, year=2025, weather=Weather.SECURISEE, comment="", author=gov.users["admin"])
    for row in (update, weather):
        row.comment = "réécrit"
        with pytest.raises(ValueError):
            row.save()


def test_late_queryset(gov):
    assert list(Decision.objects.late(on=datetime.date(2025, 10, 1))) == [gov.late]
    assert list(Decision.objects.late(on=datetime.date(2025, 9, 30))) == []


def test_year_figures(gov):
    record_weather(fiche=gov.fiche, year=2025, weather=Weather.SECURISEE, comment="", author=gov.users["conseiller"])
    record_weather(
        fiche=gov.fiche, year=2025, weather=Weather.COMPROMISE, comment="Recrutement en panne", author=gov.users["conseiller"]
    )
    record_weather(fiche=gov.other_fiche, year=2024, weather=Weather.SECURISEE, comment="", author=gov.users["conseiller"])

    figures = year_figures(gov.schema, 2025, today=datetime.date(2025, 12, 31))

    assert [meeting.pk for meeting in figures["meetings"]] == [gov.meeting.pk]
    assert (figures["taken"], figures["done"], figures["late"]) == (2, 0, 1)
    assert figures["late_decisions"] == [gov.late]
    assert [(row["fiche"].code, row["weather"] and row["weather"].weather) for row in figures["weathers"]] == [
        ("PA 2.1.2", Weather.COMPROMISE),
        ("PA 2.1.3", None),
    ]
    assert year_figures(gov.schema, 2024, today=datetime.date(2025, 12, 31))["taken"] == 0
    assert FicheWeather.objects.count() == 3


def test_bilan_shows_the_year_governance(client, gov):
    from pypdf import PdfReader

    record_weather(fiche=gov.fiche, year=2025, weather=Weather.COMPROMISE, comment="", author=gov.users["conseiller"])
    client.force_login(gov.users["partenaire"])
    response = client.get(reverse("rapports:annual_report_pdf", args=[gov.schema.pk, 2025]))
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "La gouvernance en 2025" in text
    assert "1 réunion des instances ; 2 décisions prises, dont 0 réalisée et 1 en retard" in text
    assert "Comité de pilotage du SDAVS" in text
    assert "DEC-LATE" in text and "DEC-ONTIME" in text
    assert "PA 2.1.2 - Promouvoir les expérimentations Compromise" in text


def test_a_new_decision_changes_the_report_stamp(gov):
    from rapports.changes import last_changed

    before = last_changed(gov.schema)
    record_decision_update(decision=gov.late, author=gov.users["admin"], status=DecisionStatus.REALISEE)
    assert last_changed(gov.schema) > before
