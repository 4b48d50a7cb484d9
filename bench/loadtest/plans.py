"""What each virtual user of the load test does, read once from the national database (bench/loadtest/locustfile.py).

Each plan is a different generated account (one département each): partners read their schéma's dashboards,
directors open and save their structure's entry page for the open campaign, conseillers read actions and
record progress updates. Needs DATABASE_URL (the database gunicorn serves) to find the accounts and URLs.
"""

import os

ROLES = ("partenaire", "directeur", "conseiller")


def plans(users):
    """Up to ``users`` plans per role: what each virtual user does, found in the database (DATABASE_URL)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avs_schema.settings")
    django.setup()
    from django.urls import reverse

    from demo.scale import SCALE_EMAIL_DOMAIN
    from demo.scale.network import SCALE_PASSWORD
    from fiches.models import Action, Fiche, Schema
    from indicateurs.enums import CampaignStatus, ValueStatus
    from indicateurs.models import Campaign, IndicatorValue
    from structures.models import Structure

    schemas = list(Schema.objects.filter(slug__endswith="-echelle", last_year__gte=2026).order_by("department_code"))
    counts = dict.fromkeys(ROLES, min(users, len(schemas)))
    if not schemas:
        raise SystemExit("Pas assez de schémas générés en cours : lancez d'abord generate_scale_data (make bench).")
    result = []
    for schema in schemas[: counts["partenaire"]]:
        code = schema.department_code.lower()
        pages = [("tableau de bord", reverse("rapports:dashboard"))]
        pages += [
            (label, reverse(name, kwargs={"pk": schema.pk}))
            for label, name in (
                ("tableau de bord : avancement", "rapports:schema_dashboard"),
                ("tableau de bord : indicateurs", "rapports:indicators_dashboard"),
                ("tableau de bord : structures", "rapports:structures_dashboard"),
            )
        ]
        result.append({"role": "partenaire", "email": f"partenaire.{code}@{SCALE_EMAIL_DOMAIN}", "pages": pages})
    for schema in schemas[: counts["directeur"]]:
        campaign = Campaign.objects.get(schema=schema, status=CampaignStatus.OPEN)
        locked = IndicatorValue.objects.filter(campaign=campaign, status__in=[ValueStatus.SUBMITTED, ValueStatus.VALIDATED])
        structure = (
            Structure.objects.filter(commune__department_code=schema.department_code)
            .exclude(pk__in=locked.values("structure"))
            .order_by("pk")
            .first()
        )
        result.append(
            {
                "role": "directeur",
                "email": f"directeur.{structure.pk}@{SCALE_EMAIL_DOMAIN}",
                "entry": reverse("indicateurs:entry", kwargs={"campaign_pk": campaign.pk, "structure_pk": structure.pk}),
            }
        )
    for schema in schemas[: counts["conseiller"]]:
        fiches = []
        for fiche in Fiche.objects.filter(schema=schema).order_by("code")[:5]:
            actions = Action.objects.filter(fiche=fiche).values_list("pk", flat=True)
            fiches.append(
                {
                    "url": reverse("fiches:fiche_detail", kwargs={"pk": fiche.pk}),
                    "update_urls": [reverse("fiches:action_update", kwargs={"pk": pk}) for pk in actions],
                }
            )
        result.append(
            {
                "role": "conseiller",
                "email": f"conseiller.{schema.department_code.lower()}@{SCALE_EMAIL_DOMAIN}",
                "action_list": reverse("fiches:action_list"),
                "fiches": fiches,
            }
        )
    for plan in result:
        plan["password"] = SCALE_PASSWORD
    return result
