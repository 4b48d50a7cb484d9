"""The demo's structures and what surrounds them: agréments, fundings, SENACS answers, conventions."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from core.concurrency import save_versioned_form
from structures.enums import AgrementKind, AgrementStatus, ConventionKind, FundingNature, Gestion, OrganisationKind, StructureKind
from structures.forms import ConventionForm
from structures.models import Agrement, Funding, Organisation, SenacsResponse, Structure, add_years

from . import DEMO_TODAY
from .content import (
    CAF_NAME,
    CARSAT_NAME,
    DEPARTEMENT_NAME,
    DIRECTOR_STRUCTURE,
    ETAT_NAME,
    FEDERATION_NAME,
    FIRST_NAMES,
    LAST_NAMES,
    METROPOLE_NAME,
    MSA_NAME,
    SMALL_COMMUNE_POPULATION,
    STRUCTURES,
    DemoStructure,
)
from .siret import make_siret

# The scale generator's SIREN start with 3: both can live in one database.
DEMO_SIREN_FIRST_DIGITS = (4, 5, 7, 8)
FUNDING_YEARS = (2023, 2024, 2025)
SENACS_YEARS = (2023, 2024, 2025)
METROPOLE_EPCI_KIND = "ME"
DIRECTOR_NAME = "Nadia Benali"
# Structures whose agrément is not renewed yet: the AGC one waits for a decision, the EVS one has lapsed.
AGREMENT_IN_INSTRUCTION = "Centre social du Moulin-à-Vent"
AGREMENT_LAPSED = "EVS Le Lien"
CONVENTION_CADRE_TITLE = "Convention cadre de l'animation de la vie sociale du Rhône 2022-2026"
CTG_TITLE = "Convention territoriale globale de Vaulx-en-Velin 2023-2027"
# The conventions without structures among their signatories, found by title on reset.
DEMO_CONVENTION_TITLES = (CONVENTION_CADRE_TITLE, CTG_TITLE)
# (structure, signature date) of the tripartite conventions Caf - commune - structure.
TRIPARTITES = (
    ("Centre social des Buers", datetime.date(2023, 3, 14)),
    ("Centre social des Minguettes", datetime.date(2023, 6, 2)),
    ("Centre social de Belleroche", datetime.date(2023, 11, 21)),
    ("Centre social du Mas du Taureau", datetime.date(2024, 2, 8)),
    ("Centre social Saint-Jean", datetime.date(2024, 4, 25)),
    ("Centre social du Terraillon", datetime.date(2024, 9, 17)),
    ("Centre social de la Saulaie", datetime.date(2024, 12, 5)),
    ("Centre social du Prainet", datetime.date(2025, 3, 20)),
    ("Centre social de la Duchère", datetime.date(2025, 6, 30)),
    ("EVS La Passerelle", datetime.date(2025, 10, 9)),
    ("Centre social des Genêts", datetime.date(2026, 5, 12)),
)


def town_hall_name(commune):
    prefix = "Ville" if (commune.population or 0) >= SMALL_COMMUNE_POPULATION else "Commune"
    elided = commune.name[:1].upper() in "AEIOUYÉÈÊÎÔ"
    return f"{prefix} d'{commune.name}" if elided else f"{prefix} de {commune.name}"


def create_town_halls(communes_by_code):
    """{INSEE code of each structure's commune: its town hall} (Lyon's for its arrondissements)."""
    town_halls = {}
    for item in STRUCTURES:
        commune = communes_by_code[item.insee_code]
        if commune.parent_code:
            commune = communes_by_code[commune.parent_code]
        organisation, _created = Organisation.objects.get_or_create(
            name=town_hall_name(commune),
            defaults={"kind": OrganisationKind.COMMUNE, "department_code": commune.department_code, "commune": commune},
        )
        town_halls[item.insee_code] = organisation
    return town_halls


def create_structures(rng, communes_by_code, organisations, town_halls):
    used_sirets = set()
    structures = []
    for index, item in enumerate(STRUCTURES):
        commune = communes_by_code[item.insee_code]
        director = DIRECTOR_NAME if item.name == DIRECTOR_STRUCTURE else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        has_siret = index % 13 != 12  # a few small structures have not given theirs yet
        structures.append(
            Structure.objects.create(
                name=item.name,
                kind=item.kind,
                gestion=item.gestion,
                manager=_manager(item, organisations, town_halls),
                siret=make_siret(rng, used_sirets, first_digits=DEMO_SIREN_FIRST_DIGITS) if has_siret else "",
                address=item.address,
                postal_code=item.postal_code,
                commune=commune,
                qpv=bool(item.qpv_name),
                qpv_name=item.qpv_name,
                federation_member=item.gestion != Gestion.CAF and rng.random() < 0.85,
                director_name=director,
                email=f"{slugify(item.name)}@example.org",
                phone="04 " + " ".join(str(rng.randrange(10, 100)) for _ in range(4)),
            )
        )
    return structures


def _manager(item: DemoStructure, organisations, town_halls):
    if item.gestion == Gestion.MUNICIPALE:
        return town_halls[item.insee_code]
    if item.gestion == Gestion.CAF:
        return organisations[CAF_NAME]
    return None


# Agréments ----------------------------------------------------------------------------------------

# Start dates of the current agrément, dealt in turn: four of them end within the twelve months after DEMO_TODAY.
CS_STARTS = (
    datetime.date(2023, 1, 1),
    datetime.date(2024, 1, 1),
    datetime.date(2025, 1, 1),
    datetime.date(2023, 7, 1),
    datetime.date(2024, 7, 1),
    datetime.date(2026, 1, 1),
    datetime.date(2025, 7, 1),
)
EVS_PERIODS = (
    (datetime.date(2024, 1, 1), 4),
    (datetime.date(2025, 1, 1), 3),
    (datetime.date(2023, 9, 1), 4),
    (datetime.date(2026, 1, 1), 2),
)


def _agrement(structure, kind, start, years, status=AgrementStatus.ACCORDE, comment=""):
    decided = status in (AgrementStatus.ACCORDE, AgrementStatus.EXPIRE)
    return Agrement(
        structure=structure,
        kind=kind,
        start_date=start,
        end_date=add_years(start, years) - datetime.timedelta(days=1),  # ends before the anniversary
        decision_date=start - datetime.timedelta(days=45) if decided else None,
        status=status,
        comment=comment,
    )


def create_agrements(rng, structures):
    agrements = []
    cs_index = evs_index = 0
    for structure in structures:
        if structure.kind == StructureKind.EVS:
            if structure.name == AGREMENT_LAPSED:
                agrements.append(
                    _agrement(
                        structure,
                        AgrementKind.ANIMATION_LOCALE,
                        datetime.date(2023, 9, 1),
                        3,
                        AgrementStatus.EXPIRE,
                        "Agrément non renouvelé : le projet est retravaillé avec la commune.",
                    )
                )
                continue
            start, years = EVS_PERIODS[evs_index % len(EVS_PERIODS)]
            evs_index += 1
            agrements.append(_agrement(structure, AgrementKind.ANIMATION_LOCALE, start, years))
            continue
        kinds = [AgrementKind.AGC] + ([AgrementKind.ACF] if rng.random() < 0.8 else [])
        if structure.name == AGREMENT_IN_INSTRUCTION:
            for kind in kinds:
                agrements.append(_agrement(structure, kind, datetime.date(2022, 7, 1), 4, AgrementStatus.EXPIRE))
                agrements.append(
                    _agrement(
                        structure,
                        kind,
                        datetime.date(2026, 7, 1),
                        4,
                        AgrementStatus.INSTRUCTION,
                        "Nouveau projet social déposé en mai 2026 ; passage en commission d'action sociale en décembre.",
                    )
                )
            continue
        start = CS_STARTS[cs_index % len(CS_STARTS)]
        cs_index += 1
        for kind in kinds:
            if start.year >= 2024:  # the previous agrément, now over
                agrements.append(_agrement(structure, kind, add_years(start, -4), 4, AgrementStatus.EXPIRE))
            agrements.append(_agrement(structure, kind, start, 4))
    # Saved one by one so that the history records them.
    for agrement in agrements:
        agrement.full_clean()
        agrement.save()
    return agrements


# Fundings -----------------------------------------------------------------------------------------


def _round(amount, step=100):
    return Decimal(int(round(amount / step)) * step)


# The local partners' yearly amounts, by kind of structure: (low, high) by funder.
LOCAL_FUNDING_RANGES = {
    StructureKind.CENTRE_SOCIAL: {
        METROPOLE_NAME: (30_000, 110_000),
        DEPARTEMENT_NAME: (20_000, 60_000),
        MSA_NAME: (5_000, 12_000),
        ETAT_NAME: (15_000, 60_000),
    },
    StructureKind.EVS: {
        METROPOLE_NAME: (5_000, 15_000),
        DEPARTEMENT_NAME: (4_000, 12_000),
        MSA_NAME: (3_000, 8_000),
        ETAT_NAME: (5_000, 10_000),
    },
}


def _local_lines(rng, structure, organisations, town_hall, commune_range, ranges, in_metropole):
    """The commune's subvention, the Métropole's (or the Département's and the MSA's) and the contrat de ville."""
    lines = [(town_hall, FundingNature.SUBVENTION, rng.uniform(*commune_range), "")]
    for name in (METROPOLE_NAME,) if in_metropole else (DEPARTEMENT_NAME, MSA_NAME):
        lines.append((organisations[name], FundingNature.SUBVENTION, rng.uniform(*ranges[name]), ""))
    if structure.qpv:
        amount = rng.uniform(*ranges[ETAT_NAME])
        lines.append((organisations[ETAT_NAME], FundingNature.POLITIQUE_VILLE, amount, "Contrat de ville"))
    return lines


def create_fundings(rng, structures, organisations, town_halls):
    """Three years of fundings per structure, growing a little each year."""
    caf = organisations[CAF_NAME]
    fundings = []
    for structure in structures:
        in_metropole = structure.commune.epci_kind == METROPOLE_EPCI_KIND
        acf = structure.agrements.filter(kind=AgrementKind.ACF).exists()
        town_hall = town_halls[structure.commune.insee_code]
        ranges = LOCAL_FUNDING_RANGES[structure.kind]
        # (funder, nature, base amount, comment)
        if structure.kind == StructureKind.CENTRE_SOCIAL:
            lines = [(caf, FundingNature.PS_AGC, rng.uniform(68_000, 80_000), "")]
            if acf:
                lines.append((caf, FundingNature.PS_ACF, rng.uniform(22_000, 27_000), ""))
            commune_range = {
                Gestion.MUNICIPALE: (400_000, 850_000),
                Gestion.CAF: (280_000, 420_000),
            }.get(structure.gestion, (300_000, 650_000))
            lines += _local_lines(rng, structure, organisations, town_hall, commune_range, ranges, in_metropole)
            if rng.random() < 0.3:
                lines.append((organisations[CARSAT_NAME], FundingNature.AUTRE, rng.uniform(5_000, 15_000), "Actions seniors"))
        else:
            lines = [(caf, FundingNature.PS_ANIMATION_LOCALE, rng.uniform(18_000, 22_000), "")]
            lines += _local_lines(rng, structure, organisations, town_hall, (8_000, 35_000), ranges, in_metropole)
        for funder, nature, base, comment in lines:
            amount = base
            for year in FUNDING_YEARS:
                fundings.append(
                    Funding(structure=structure, funder=funder, year=year, nature=nature, amount=_round(amount), comment=comment)
                )
                amount *= rng.uniform(1.0, 1.04)
    Funding.objects.bulk_create(fundings)
    return fundings


def create_senacs_responses(rng, structures):
    responses = [
        SenacsResponse(structure=structure, year=year)
        for year in SENACS_YEARS
        for structure in structures
        if rng.random() < (0.8 if year == 2025 else 0.9)
    ]
    SenacsResponse.objects.bulk_create(responses)
    return responses


# Conventions --------------------------------------------------------------------------------------


def _convention(admin, **data):
    """Save a convention through its form, as an administrateur would: the form's checks apply."""
    data["organisations"] = [o.pk for o in data["organisations"]]
    data["structures"] = [s.pk for s in data.get("structures", ())]
    form = ConventionForm({"department_code": "69", "comment": "", **data}, user=admin)
    if not form.is_valid():
        raise ValidationError(f"Convention de démonstration refusée par le formulaire : {form.errors.as_text()}")
    return save_versioned_form(form)


def create_conventions(structures, organisations, town_halls, admin):
    by_name = {structure.name: structure for structure in structures}
    caf = organisations[CAF_NAME]
    conventions = [
        _convention(
            admin,
            kind=ConventionKind.CADRE,
            title=CONVENTION_CADRE_TITLE,
            signed_on=datetime.date(2022, 6, 14),
            start_date=datetime.date(2022, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            comment="Socle partenarial du schéma : engagements de chaque partenaire et instances communes.",
            organisations=[
                organisations[name]
                for name in (CAF_NAME, METROPOLE_NAME, DEPARTEMENT_NAME, FEDERATION_NAME, ETAT_NAME, MSA_NAME, CARSAT_NAME)
            ],
        )
    ]
    vaulx = [s for s in structures if s.commune.insee_code == "69256"]
    conventions.append(
        _convention(
            admin,
            kind=ConventionKind.CTG,
            title=CTG_TITLE,
            signed_on=datetime.date(2023, 9, 28),
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2027, 12, 31),
            comment="Volet animation de la vie sociale : couverture des quartiers Grande Île et Village.",
            organisations=[caf, town_halls[vaulx[0].commune.insee_code]],
            structures=vaulx,
        )
    )
    for name, signed_on in TRIPARTITES:
        structure = by_name[name]
        town_hall = town_halls[structure.commune.insee_code]
        start = datetime.date(signed_on.year, 1, 1)
        conventions.append(
            _convention(
                admin,
                kind=ConventionKind.TRIPARTITE,
                title=f"Convention tripartite {CAF_NAME} – {town_hall.name} – {structure.name}",
                signed_on=signed_on,
                start_date=start,
                end_date=add_years(start, 4) - datetime.timedelta(days=1),
                organisations=[caf, town_hall],
                structures=[structure],
            )
        )
    return conventions


def ending_soon_count(agrements):
    """Structures with an agrément ending within the twelve months after DEMO_TODAY."""
    ending = Agrement.objects.filter(pk__in=[a.pk for a in agrements]).ending_within(12, on=DEMO_TODAY)
    return ending.values("structure").distinct().count()
