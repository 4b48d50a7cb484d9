"""core.urls: an address reversed once and filled in is the one Django's reverse gives."""

from django.urls import reverse

from core.urls import url_filler


def test_url_filler_gives_reverse_for_each_object():
    fill = url_filler("rapports:indicators_dashboard")
    assert [fill(pk) for pk in (1, 7, 987, 123456)] == [
        reverse("rapports:indicators_dashboard", args=[pk]) for pk in (1, 7, 987, 123456)
    ]


def test_url_filler_with_two_arguments():
    fill = url_filler("rapports:annual_report_pdf", 2)
    assert fill(12, 2024) == reverse("rapports:annual_report_pdf", args=[12, 2024]) == "/rapports/schemas/12/bilan-2024.pdf"


def test_url_filler_with_named_and_fixed_arguments():
    fill = url_filler("history", names=("pk",), app_label="comptes", model_name="user")
    assert [fill(pk) for pk in (3, 41)] == [
        reverse("history", kwargs={"app_label": "comptes", "model_name": "user", "pk": pk}) for pk in (3, 41)
    ]
