"""Organisations, accounts, structures and what surrounds them (agréments, fundings, SENACS, conventions)."""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from comptes.enums import Role
from comptes.models import User
from structures.enums import AgrementKind, AgrementStatus, ConventionKind, FundingNature, Gestion, OrganisationKind, StructureKind
from structures.models import Agrement, Convention, Funding, Organisation, SenacsResponse, Structure, add_years

from ..siret import make_siret
from . import BATCH_SIZE, SCALE_EMAIL_DOMAIN
from .content import CS_NAMES, EVS_NAMES, FIRST_NAMES, LAST_NAMES, QUARTERS, STREETS

# The password of every generated account (they exist for load tests, never for production).
SCALE_PASSWORD = "echelle-avs-2026"
# National shares of the 2024 SENACS answers: about 2,400 centres sociaux and 1,700 EVS.
CENTRE_SOCIAL_SHARE = 2400 / 4100
MIN_STRUCTURES_PER_DEPARTMENT = 3
FUNDING_YEARS = (2023, 2024, 2025)
SENACS_YEARS = (2023, 2024, 2025)
GESTIONS = (Gestion.ASSOCIATIVE,) * 6 + (Gestion.MUNICIPALE,) * 3 + (Gestion.CAF, Gestion.AUTRE)

INSTITUTIONS = (
    ("caf", "Caf — {name}", OrganisationKind.CAF),
    ("departement", "Conseil départemental — {name}", OrganisationKind.DEPARTEMENT),
    ("federation", "Fédération des centres sociaux — {name}", OrganisationKind.FEDERATION),
    ("msa", "MSA — {name}", OrganisationKind.MSA),
    ("etat", "État — politique de la ville — {name}", OrganisationKind.ETAT),
)


def structures_per_department(departments, communes, *, total, per_department):
    """{code: count}: a fixed count, or ``total`` shared by population (largest remainders), at least 3 each."""
    if per_department is not None:
        return {d.code: per_department for d in departments}
    populations = {d.code: sum(c.population or 0 for c in communes[d.code]) or 1 for d in departments}
    floor = min(MIN_STRUCTURES_PER_DEPARTMENT, total // max(len(departments), 1))
    spare = total - floor * len(departments)
    whole = sum(populations.values())
    shares = {code: spare * population / whole for code, population in populations.items()}
    counts = {code: floor + int(share) for code, share in shares.items()}
    rest = total - sum(counts.values())
    for code in sorted(shares, key=lambda c: (shares[c] - int(shares[c]), c), reverse=True)[:rest]:
        counts[code] += 1
    return counts


def create_institutions(departments):
    """{département code: {key: Organisation}} for the Caf, Conseil départemental, Fédération, MSA and État."""
    rows = [
        Organisation(name=pattern.format(name=d.name), kind=kind, department_code=d.code)
        for d in departments
        for _key, pattern, kind in INSTITUTIONS
    ]
    Organisation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=[r.name for r in rows])}
    return {d.code: {key: by_name[pattern.format(name=d.name)] for key, pattern, _kind in INSTITUTIONS} for d in departments}


def create_accounts(departments, schemas, institutions):
    """A conseiller and a partner (of the Conseil départemental) per département; {code: conseiller}."""
    password = make_password(SCALE_PASSWORD)
    users = []
    for d in departments:
        code = d.code.lower()
        users.append(
            User(
                email=f"conseiller.{code}@{SCALE_EMAIL_DOMAIN}",
                role=Role.CONSEILLER,
                password=password,
                first_name="Conseiller",
                last_name=d.name,
            )
        )
        users.append(
            User(
                email=f"partenaire.{code}@{SCALE_EMAIL_DOMAIN}",
                role=Role.PARTENAIRE,
                password=password,
                organisation=institutions[d.code]["departement"],
                first_name="Partenaire",
                last_name=d.name,
            )
        )
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    conseillers = {d.code: users[2 * i] for i, d in enumerate(departments)}
    through = User.schemas.through
    through.objects.bulk_create(
        [through(user_id=conseillers[s.department_code].pk, schema_id=s.pk) for s in schemas], batch_size=BATCH_SIZE
    )
    return conseillers


# SIREN starting with 3: the demo's start with 4, 5, 7 or 8, so that both can live in one database.
SCALE_SIREN_FIRST_DIGITS = (3,)


def create_structures(rng, departments, communes, counts):
    """Structures in real communes: centres sociaux in the larger towns, EVS anywhere (weighted by population)."""
    used_sirets = set()
    structures = []
    for d in departments:
        candidates = communes[d.code]
        towns = candidates[: max(1, len(candidates) // 4)]
        count = counts[d.code]
        centres = round(count * CENTRE_SOCIAL_SHARE)
        for index in range(count):
            kind = StructureKind.CENTRE_SOCIAL if index < centres else StructureKind.EVS
            pool = towns if kind == StructureKind.CENTRE_SOCIAL else candidates
            commune = rng.choices(pool, weights=[(c.population or 1) ** 0.5 for c in pool])[0]
            pattern = rng.choice(CS_NAMES if kind == StructureKind.CENTRE_SOCIAL else EVS_NAMES)
            qpv = kind == StructureKind.CENTRE_SOCIAL and (commune.population or 0) > 20000 and rng.random() < 0.5
            structures.append(
                Structure(
                    name=f"{pattern.format(place=rng.choice(QUARTERS))} ({commune.name})",
                    kind=kind,
                    gestion=rng.choice(GESTIONS),
                    siret=make_siret(rng, used_sirets, first_digits=SCALE_SIREN_FIRST_DIGITS) if rng.random() < 0.93 else "",
                    address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                    postal_code=commune.insee_code if not commune.insee_code.startswith("2") else "20000",
                    commune=commune,
                    qpv=qpv,
                    qpv_name=f"Quartier {rng.choice(QUARTERS)}" if qpv else "",
                    federation_member=kind == StructureKind.CENTRE_SOCIAL and rng.random() < 0.6,
                    director_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email=f"contact.{d.code.lower()}.{index + 1}@structures.{SCALE_EMAIL_DOMAIN}",
                )
            )
    return Structure.objects.bulk_create(structures, batch_size=BATCH_SIZE)


def create_directors(structures):
    """One director account per structure; {structure pk: user}."""
    password = make_password(SCALE_PASSWORD)
    users = [
        User(
            email=f"directeur.{s.pk}@{SCALE_EMAIL_DOMAIN}",
            role=Role.DIRECTEUR,
            password=password,
            first_name="Direction",
            last_name=s.name[:150],
        )
        for s in structures
    ]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    through = User.structures.through
    through.objects.bulk_create(
        [through(user_id=u.pk, structure_id=s.pk) for u, s in zip(users, structures, strict=True)], batch_size=BATCH_SIZE
    )
    return {s.pk: u for u, s in zip(users, structures, strict=True)}


def create_agrements(rng, structures, today):
    """The current agrément(s) of each structure and the previous one; some renewals in instruction, a few lapsed."""
    rows = []
    for s in structures:
        if s.kind == StructureKind.CENTRE_SOCIAL:
            kinds, years = [AgrementKind.AGC] + ([AgrementKind.ACF] if rng.random() < 0.8 else []), 4
        else:
            kinds, years = [AgrementKind.ANIMATION_LOCALE], 3
        start = datetime.date(today.year - rng.randint(0, years - 1), rng.choice((1, 4, 7, 9)), 1)
        roll = rng.random()
        for kind in kinds:
            previous = add_years(start, -years)
            rows.append(
                Agrement(
                    structure=s,
                    kind=kind,
                    start_date=previous,
                    end_date=start - datetime.timedelta(days=1),
                    decision_date=previous - datetime.timedelta(days=60),
                    status=AgrementStatus.EXPIRE,
                )
            )
            end = add_years(start, years) - datetime.timedelta(days=1)
            current = Agrement(structure=s, kind=kind, start_date=start, end_date=end)
            if roll < 0.04:  # lapsed: the new projet is not ready
                current.status, current.comment = AgrementStatus.INSTRUCTION, "Nouveau projet social en cours d'instruction."
            else:
                current.status, current.decision_date = AgrementStatus.ACCORDE, start - datetime.timedelta(days=45)
            rows.append(current)
    return Agrement.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def create_town_halls(structures):
    """{commune pk: Organisation} for every commune that has a structure (names made unique with the département)."""
    communes = {s.commune_id: s.commune for s in structures}
    names = {}
    for commune in communes.values():
        names[commune.pk] = f"Ville de {commune.name} ({commune.department_code})"
    existing = set(Organisation.objects.filter(name__in=names.values()).values_list("name", flat=True))
    Organisation.objects.bulk_create(
        [
            Organisation(name=name, kind=OrganisationKind.COMMUNE, department_code=communes[pk].department_code, commune_id=pk)
            for pk, name in names.items()
            if name not in existing
        ],
        batch_size=BATCH_SIZE,
    )
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=names.values())}
    return {pk: by_name[name] for pk, name in names.items()}


def _amount(rng, low, high, growth):
    return Decimal(round(rng.uniform(low, high) * growth, -2)).quantize(Decimal("0.01"))


def create_fundings(rng, structures, agrements, institutions, town_halls):
    acf = {a.structure_id for a in agrements if a.kind == AgrementKind.ACF}
    rows = []
    for s in structures:
        orgs = institutions[s.commune.department_code]
        if s.kind == StructureKind.CENTRE_SOCIAL:
            lines = [
                (orgs["caf"], FundingNature.PS_AGC, 68_000, 80_000),
                (town_halls[s.commune_id], FundingNature.SUBVENTION, 150_000, 600_000),
                (orgs["departement"], FundingNature.SUBVENTION, 20_000, 60_000),
            ]
            if s.pk in acf:
                lines.append((orgs["caf"], FundingNature.PS_ACF, 22_000, 27_000))
            if s.qpv:
                lines.append((orgs["etat"], FundingNature.POLITIQUE_VILLE, 15_000, 60_000))
        else:
            lines = [
                (orgs["caf"], FundingNature.PS_ANIMATION_LOCALE, 18_000, 22_000),
                (town_halls[s.commune_id], FundingNature.SUBVENTION, 8_000, 35_000),
            ]
            if rng.random() < 0.4:
                lines.append((orgs["msa"], FundingNature.SUBVENTION, 3_000, 8_000))
        for offset, year in enumerate(FUNDING_YEARS):
            for funder, nature, low, high in lines:
                rows.append(
                    Funding(
                        structure=s, funder=funder, year=year, nature=nature, amount=_amount(rng, low, high, 1 + 0.02 * offset)
                    )
                )
    return Funding.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def create_senacs_responses(rng, structures):
    rows = [SenacsResponse(structure=s, year=year) for year in SENACS_YEARS for s in structures if rng.random() < 0.9]
    return SenacsResponse.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def create_conventions(rng, departments, structures, institutions, town_halls, schemas):
    """A convention cadre per schéma and tripartite conventions for about a fifth of the centres sociaux."""
    periods = {s.department_code: s for s in schemas}
    conventions, parties = [], []  # parties: (convention index, [organisations], [structures])
    for d in departments:
        schema = periods[d.code]
        orgs = institutions[d.code]
        conventions.append(
            Convention(
                kind=ConventionKind.CADRE,
                title=f"Convention cadre de l'AVS — {d.name}",
                department_code=d.code,
                signed_on=datetime.date(schema.first_year, 6, 14),
                start_date=datetime.date(schema.first_year, 1, 1),
                end_date=datetime.date(schema.last_year, 12, 31),
            )
        )
        parties.append((list(orgs.values()), []))
    for s in structures:
        if s.kind != StructureKind.CENTRE_SOCIAL or rng.random() > 0.2:
            continue
        signed = datetime.date(rng.randint(2022, 2026), rng.randint(1, 12), rng.randint(1, 28))
        conventions.append(
            Convention(
                kind=ConventionKind.TRIPARTITE,
                title=f"Convention tripartite — {s.name}",
                department_code=s.commune.department_code,
                signed_on=signed,
                start_date=signed,
                end_date=add_years(signed, 4),
            )
        )
        parties.append(([institutions[s.commune.department_code]["caf"], town_halls[s.commune_id]], [s]))
    Convention.objects.bulk_create(conventions, batch_size=BATCH_SIZE)
    org_through, structure_through = Convention.organisations.through, Convention.structures.through
    org_rows, structure_rows = [], []
    for convention, (orgs, members) in zip(conventions, parties, strict=True):
        org_rows.extend(org_through(convention_id=convention.pk, organisation_id=o.pk) for o in orgs)
        structure_rows.extend(structure_through(convention_id=convention.pk, structure_id=m.pk) for m in members)
    org_through.objects.bulk_create(org_rows, batch_size=BATCH_SIZE)
    structure_through.objects.bulk_create(structure_rows, batch_size=BATCH_SIZE)
    return conventions
