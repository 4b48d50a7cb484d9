"""A fiche's météo: its history, and the form its pilot uses to set it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import check_perm, get_object_for_user
from fiches.models import Fiche

from ..forms import WeatherForm
from ..services import record_weather


@require_http_methods(["GET", "POST"])
def fiche_weather(request, pk):
    fiche = get_object_for_user(request.user, Fiche.objects.select_related("schema"), pk, "fiches.view_fiche")
    can_set = request.user.has_perm("gouvernance.set_weather", fiche)
    form = None
    if can_set:
        form = WeatherForm(request.POST if request.method == "POST" else None, fiche=fiche)
    elif request.method == "POST":
        check_perm(request.user, "gouvernance.set_weather", fiche)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record_weather(fiche=fiche, year=data["year"], weather=data["weather"], comment=data["comment"], author=request.user)
        messages.success(request, f"Météo {data['year']} de la fiche {fiche.code} enregistrée.")
        return redirect("gouvernance:fiche_weather", pk=fiche.pk)
    history = fiche.weathers.select_related("author").order_by("-year", "-date", "-created_at")
    context = {"fiche": fiche, "schema": fiche.schema, "form": form, "history": history}
    return render(request, "gouvernance/fiche_weather.html", context)
