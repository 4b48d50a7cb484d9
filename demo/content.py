"""The written content of the demo: organisations, structures, the extra axe and its fiches, comments.

Names of structures and people are invented; communes, QPV names and institutions are real.
"""

from dataclasses import dataclass

from fiches.enums import ActionStatus
from indicateurs.enums import Aggregation, ComputedSource, IndicatorKind, IndicatorLevel
from structures.enums import Gestion, OrganisationKind, StructureKind

CAF_NAME = "Caf du Rhône"
METROPOLE_NAME = "Métropole de Lyon"
DEPARTEMENT_NAME = "Conseil départemental du Rhône"
FEDERATION_NAME = "Fédération des centres sociaux du Rhône"
ETAT_NAME = "État — politique de la ville"
MSA_NAME = "MSA Ain-Rhône"
CARSAT_NAME = "Carsat Rhône-Alpes"
COMMUNES_NAME = "Communes"

# (name, short name, kind, notes). The fiche importer finds "MSA" and "Carsat" through the short names.
INSTITUTIONS = (
    (CAF_NAME, "Caf 69", OrganisationKind.CAF, "Pilote du schéma départemental d'animation de la vie sociale."),
    (METROPOLE_NAME, "", OrganisationKind.METROPOLE, "Copilote du schéma sur son territoire."),
    (DEPARTEMENT_NAME, "CD69", OrganisationKind.DEPARTEMENT, "Partenaire du schéma hors Métropole."),
    (FEDERATION_NAME, "FCS69", OrganisationKind.FEDERATION, "Tête de réseau des centres sociaux et EVS."),
    (MSA_NAME, "MSA", OrganisationKind.MSA, "Soutien aux structures des territoires ruraux."),
    (CARSAT_NAME, "Carsat", OrganisationKind.CARSAT, "Actions en faveur des seniors et de la prévention de l'isolement."),
    (ETAT_NAME, "", OrganisationKind.ETAT, "Crédits politique de la ville (préfecture du Rhône)."),
    (COMMUNES_NAME, "", OrganisationKind.COMMUNE, "L'ensemble des communes partenaires, pris comme un tout."),
)


@dataclass(frozen=True)
class DemoStructure:
    name: str
    kind: str
    insee_code: str
    postal_code: str
    address: str
    gestion: str = Gestion.ASSOCIATIVE
    qpv_name: str = ""


CS, EVS = StructureKind.CENTRE_SOCIAL, StructureKind.EVS
ASSO, MUNI, CAF, AUTRE = Gestion.ASSOCIATIVE, Gestion.MUNICIPALE, Gestion.CAF, Gestion.AUTRE

STRUCTURES = (
    # Lyon (arrondissements)
    DemoStructure("Centre social des Pentes", CS, "69381", "69001", "8 montée de la Grande-Côte"),
    DemoStructure("Centre social Moncey-Voltaire", CS, "69383", "69003", "24 rue Moncey", qpv_name="Moncey"),
    DemoStructure("Centre social du Plateau", CS, "69384", "69004", "5 rue Dumenge"),
    DemoStructure("Centre social de Ménival", CS, "69385", "69005", "29 avenue de Ménival", qpv_name="Ménival"),
    DemoStructure("Centre social de la Guillotière", CS, "69387", "69007", "18 rue Sébastien-Gryphe", qpv_name="Guillotière"),
    DemoStructure("Centre social de Gerland", CS, "69387", "69007", "40 rue Crépet"),
    DemoStructure("Centre social Mermoz", CS, "69388", "69008", "3 rue Joseph-Chalier", qpv_name="Mermoz"),
    DemoStructure(
        "Centre social des États-Unis",
        CS,
        "69388",
        "69008",
        "120 boulevard des États-Unis",
        qpv_name="États-Unis - Langlet-Santy",
    ),
    DemoStructure("Centre social de la Duchère", CS, "69389", "69009", "237 rue des Érables", qpv_name="La Duchère"),
    DemoStructure("Centre social Saint-Rambert", CS, "69389", "69009", "2 place Henri-Barbusse", MUNI),
    # Métropole
    DemoStructure("Centre social des Buers", CS, "69266", "69100", "17 rue Pierre-Loti", qpv_name="Les Buers"),
    DemoStructure("Centre social Saint-Jean", CS, "69266", "69100", "9 rue Saint-Jean", qpv_name="Saint-Jean"),
    DemoStructure("Centre social des Gratte-Ciel", CS, "69266", "69100", "31 avenue Henri-Barbusse", MUNI),
    DemoStructure(
        "Centre social des Minguettes", CS, "69259", "69200", "12 avenue Jean-Cagne", qpv_name="Minguettes - Clochettes"
    ),
    DemoStructure("Centre social du Moulin-à-Vent", CS, "69259", "69200", "54 rue Paul-Bert", MUNI),
    DemoStructure("Centre social du Mas du Taureau", CS, "69256", "69120", "6 rue Louis-Michoy", qpv_name="Grande Île"),
    DemoStructure("Centre social du Village", CS, "69256", "69120", "21 rue de la République", MUNI),
    DemoStructure("Centre social de Bellevue", CS, "69290", "69800", "1 place Honoré-de-Balzac", MUNI, "Bellevue"),
    DemoStructure("Centre social du Terraillon", CS, "69029", "69500", "7 rue Guillermin", qpv_name="Terraillon"),
    DemoStructure("Centre social des Genêts", CS, "69029", "69500", "45 avenue Pierre-Brossolette"),
    DemoStructure("Centre social de la Ville Nouvelle", CS, "69286", "69140", "3 avenue de l'Europe", MUNI, "Ville Nouvelle"),
    DemoStructure("Centre social des Vernes", CS, "69091", "69700", "10 rue Jacques-Prévert", MUNI, "Les Vernes"),
    DemoStructure("Centre social de la Saulaie", CS, "69149", "69600", "26 rue Voltaire", qpv_name="La Saulaie"),
    DemoStructure("Centre social de l'Arsenal", CS, "69199", "69190", "14 rue Carnot", MUNI, "Arsenal - Carnot-Parmentier"),
    DemoStructure("Centre social du Prainet", CS, "69275", "69150", "8 rue du Prainet", qpv_name="Le Prainet"),
    # Hors Métropole
    DemoStructure("Centre social de Belleroche", CS, "69264", "69400", "115 avenue de l'Europe", qpv_name="Belleroche"),
    DemoStructure("Centre social Caf de Tarare", CS, "69243", "69170", "4 rue Radisson", CAF),
    DemoStructure("Centre social Beaujolais Val de Saône", CS, "69019", "69220", "12 rue de la République"),
    # Espaces de vie sociale
    DemoStructure("EVS La Passerelle", EVS, "69006", "69550", "2 place de l'Hôtel-de-Ville"),
    DemoStructure("EVS Le Lien", EVS, "69248", "69240", "15 rue du Commerce"),
    DemoStructure("EVS L'Escale", EVS, "69238", "69590", "6 rue des Tanneries"),
    DemoStructure("EVS Au fil de l'Azergues", EVS, "69107", "69870", "1 place de l'Église"),
    DemoStructure("EVS Les Pierres Dorées", EVS, "69024", "69620", "9 route de Villefranche"),
    DemoStructure("EVS La Courte Échelle", EVS, "69141", "69440", "22 rue Boiron"),
    DemoStructure("EVS Entr'Actes", EVS, "69382", "69002", "11 rue Delandine"),
    DemoStructure("EVS Maison des habitants de Parilly", EVS, "69029", "69500", "30 rue Lionel-Terray", MUNI, "Parilly"),
    DemoStructure("EVS Le Trait d'union", EVS, "69096", "69520", "5 place Jean-Jaurès", MUNI, "Vallon"),
    DemoStructure("EVS L'Arbre à palabres", EVS, "69204", "69230", "19 avenue Clemenceau", AUTRE),
    DemoStructure("EVS Ensemble à Beaujeu", EVS, "69018", "69430", "3 rue de la Mairie"),
    DemoStructure("EVS Le Kiosque", EVS, "69266", "69100", "48 rue du Tonkin", qpv_name="Tonkin"),
)

# The director's structure: its 2025 values are still a draft.
DIRECTOR_STRUCTURE = "Centre social des Buers"

# Communes whose town hall is also listed as an organisation (funder, signatory, manager).
SMALL_COMMUNE_POPULATION = 5000

FIRST_NAMES = (
    "Amina", "Bruno", "Céline", "David", "Élodie", "Farid", "Gaëlle", "Hugo", "Inès", "Jérôme", "Karima", "Laurent",
    "Mathilde", "Nicolas", "Océane", "Pascal", "Rachida", "Samuel", "Sylvie", "Yannick", "Zohra", "Marc", "Isabelle",
)  # fmt: skip
LAST_NAMES = (
    "Bernard", "Chevalier", "Diallo", "Fabre", "Garnier", "Haddad", "Lambert", "Lefèvre", "Marchand", "Mercier",
    "Nguyen", "Ouali", "Perret", "Robin", "Roux", "Sanchez", "Thomas", "Vidal", "Blanc", "Faure", "Rey", "Bonnet",
)  # fmt: skip

# The axe added to the three imported fiches: (number, title, orientation number, orientation title).
EXTRA_AXIS = (
    1,
    "Structurer le maillage territorial et la gouvernance partenariale de l'animation de la vie sociale",
    "1.1",
    "Couvrir l'ensemble du territoire et coordonner les partenaires de l'animation de la vie sociale",
)


@dataclass(frozen=True)
class DemoAction:
    text: str
    first_year: int
    last_year: int
    final_status: str
    final_progress: int


@dataclass(frozen=True)
class DemoIndicator:
    label: str
    kind: str
    level: str
    aggregation: str
    unit: str = ""
    computed_source: str = ""
    options: tuple = ()


@dataclass(frozen=True)
class DemoFiche:
    code: str
    title: str
    diagnostic: str
    principles: str
    publics: str
    pilotage: str
    partners_text: str
    resources: str
    schedule: str
    pilots: tuple
    partners: tuple
    funders: tuple
    actions: tuple
    results: tuple
    indicators: tuple


PUBLICS = "Centres sociaux et espaces de vie sociale du Rhône, communes et intercommunalités non couvertes ou peu couvertes."
FUNDERS = (CAF_NAME, COMMUNES_NAME, METROPOLE_NAME, DEPARTEMENT_NAME, MSA_NAME)

EXTRA_FICHES = (
    DemoFiche(
        code="PA 1.1.1",
        title="DÉVELOPPER L'OFFRE D'ANIMATION DE LA VIE SOCIALE DANS LES TERRITOIRES PEU OU PAS COUVERTS",
        diagnostic=(
            "Les structures se concentrent dans la Métropole et dans les villes moyennes ; plusieurs bassins ruraux "
            "des Monts du Lyonnais, du Haut-Beaujolais et de l'ouest du département n'ont aucun équipement de "
            "proximité, alors que l'isolement et l'éloignement des services y progressent."
        ),
        principles=(
            "Une structure naît d'abord d'une volonté locale : habitants, associations et élus doivent porter le projet. "
            "Le rôle des partenaires est de repérer ces volontés, d'outiller les porteurs et de garantir un financement "
            "stable dès l'agrément."
        ),
        publics=PUBLICS,
        pilotage="Caf du Rhône, avec la Métropole de Lyon et le Conseil départemental du Rhône pour leurs territoires.",
        partners_text="Fédération des centres sociaux du Rhône ; MSA ; communes et intercommunalités.",
        resources="Financements Caf, communes, Métropole de Lyon, Conseil départemental du Rhône, MSA.",
        schedule="Action 1 : 2022 à 2023 ; Action 2 : 2023 à 2026 ; Action 3 : 2024 à 2025.",
        pilots=(CAF_NAME,),
        partners=(FEDERATION_NAME, MSA_NAME, COMMUNES_NAME),
        funders=FUNDERS,
        actions=(
            DemoAction(
                "Établir la carte de la couverture du département par les centres sociaux et les EVS et la partager "
                "avec les partenaires.",
                2022,
                2023,
                ActionStatus.REALISEE,
                100,
            ),
            DemoAction(
                "Accompagner les porteurs de projets d'espaces de vie sociale dans les communes rurales non couvertes, "
                "du premier contact jusqu'à l'agrément.",
                2023,
                2026,
                ActionStatus.EN_COURS,
                60,
            ),
            DemoAction(
                "Étudier avec les communes concernées l'évolution de deux espaces de vie sociale en centres sociaux.",
                2024,
                2025,
                ActionStatus.EN_COURS,
                45,
            ),
        ),
        results=(
            "Chaque bassin de vie du département dispose d'au moins une structure d'animation de la vie sociale.",
            "Les porteurs de projets trouvent un interlocuteur et un accompagnement identifiés.",
        ),
        indicators=(
            DemoIndicator(
                "Nombre de centres sociaux",
                IndicatorKind.INTEGER,
                IndicatorLevel.SCHEMA,
                Aggregation.SUM,
                computed_source=ComputedSource.CENTRES_SOCIAUX_COUNT,
            ),
            DemoIndicator(
                "Nombre d'espaces de vie sociale",
                IndicatorKind.INTEGER,
                IndicatorLevel.SCHEMA,
                Aggregation.SUM,
                computed_source=ComputedSource.EVS_COUNT,
            ),
            DemoIndicator(
                "Nombre de communes nouvellement couvertes dans l'année",
                IndicatorKind.INTEGER,
                IndicatorLevel.SCHEMA,
                Aggregation.SUM,
            ),
            DemoIndicator(
                "Part de la population du département résidant dans une commune dotée d'une structure AVS",
                IndicatorKind.PERCENTAGE,
                IndicatorLevel.SCHEMA,
                Aggregation.NONE,
                unit="%",
            ),
        ),
    ),
    DemoFiche(
        code="PA 1.1.2",
        title="CONSOLIDER LA GOUVERNANCE PARTENARIALE ET LA COORDINATION DES FINANCEMENTS",
        diagnostic=(
            "Chaque financeur a son calendrier, ses dossiers et ses critères : les structures consacrent un temps "
            "important à des démarches redondantes et les partenaires manquent d'une vision commune de leur situation."
        ),
        principles=(
            "Le schéma est piloté à plusieurs : les décisions se préparent ensemble, les données sont partagées et "
            "chaque partenaire s'engage sur sa part du financement."
        ),
        publics=PUBLICS,
        pilotage="Caf du Rhône et Métropole de Lyon, copilotes du schéma.",
        partners_text=(
            "Conseil départemental du Rhône ; État — politique de la ville ; Fédération des centres sociaux du Rhône ; "
            "MSA ; Carsat ; communes."
        ),
        resources="Moyens d'animation de la Caf du Rhône et de la Métropole de Lyon.",
        schedule="Action 1 : 2022 à 2026 ; Action 2 : 2022 à 2024 ; Action 3 : 2023 à 2025.",
        pilots=(CAF_NAME, METROPOLE_NAME),
        partners=(DEPARTEMENT_NAME, ETAT_NAME, FEDERATION_NAME, MSA_NAME, CARSAT_NAME, COMMUNES_NAME),
        funders=(CAF_NAME, METROPOLE_NAME),
        actions=(
            DemoAction(
                "Réunir chaque année le comité de pilotage et deux comités techniques du schéma, sur la base d'un bilan partagé.",
                2022,
                2026,
                ActionStatus.EN_COURS,
                80,
            ),
            DemoAction(
                "Harmoniser entre financeurs le calendrier des dialogues de gestion et le dossier unique de demande.",
                2022,
                2024,
                ActionStatus.REPORTEE,
                35,
            ),
            DemoAction(
                "Mettre en place un outil commun de suivi des indicateurs du schéma, renseigné par les structures.",
                2023,
                2025,
                ActionStatus.EN_COURS,
                85,
            ),
        ),
        results=(
            "Les partenaires disposent chaque année d'un bilan commun pour décider.",
            "Les structures déposent un seul dossier de financement, examiné à une date commune.",
        ),
        indicators=(
            DemoIndicator(
                "Nombre de réunions des instances de pilotage du schéma",
                IndicatorKind.INTEGER,
                IndicatorLevel.SCHEMA,
                Aggregation.SUM,
            ),
            DemoIndicator(
                "Budget annuel de fonctionnement de la structure",
                IndicatorKind.AMOUNT,
                IndicatorLevel.STRUCTURE,
                Aggregation.SUM,
                unit="€",
            ),
            DemoIndicator(
                "Nombre de salariés en équivalent temps plein",
                IndicatorKind.DECIMAL,
                IndicatorLevel.STRUCTURE,
                Aggregation.MEAN,
                unit="ETP",
            ),
            DemoIndicator("Nombre de bénévoles réguliers", IndicatorKind.INTEGER, IndicatorLevel.STRUCTURE, Aggregation.SUM),
            DemoIndicator(
                "Principal financeur de la structure après la Caf",
                IndicatorKind.CHOICE,
                IndicatorLevel.STRUCTURE,
                Aggregation.NONE,
                options=("Commune", "Métropole de Lyon", "Conseil départemental", "État — politique de la ville", "Autre"),
            ),
        ),
    ),
)

UPDATE_COMMENTS = {
    ActionStatus.A_VENIR: (
        "Action programmée : calendrier validé en comité technique.",
        "Démarrage prévu après le renouvellement des projets sociaux.",
        "En attente de la désignation des référents chez les partenaires.",
    ),
    ActionStatus.EN_COURS: (
        "Premières réunions tenues avec la Fédération ; un groupe de travail est constitué.",
        "Bonne mobilisation des structures de la Métropole, plus difficile hors Métropole.",
        "Point d'étape présenté au comité technique : les livrables avancent comme prévu.",
        "Trois rencontres organisées dans l'année, une quarantaine de participants.",
        "Outil en test auprès de cinq structures volontaires ; retours positifs.",
        "Le travail se poursuit ; il faudra mieux associer les EVS l'an prochain.",
        "Calendrier tenu malgré le départ de deux directeurs.",
    ),
    ActionStatus.REALISEE: (
        "Action terminée : document diffusé à l'ensemble des partenaires.",
        "Réalisée ; bilan présenté au comité de pilotage.",
    ),
    ActionStatus.REPORTEE: (
        "Reportée : les partenaires n'ont pas pu aligner leurs calendriers budgétaires.",
        "Reportée à l'an prochain faute de disponibilité des services.",
    ),
}

TEXT_ANSWERS = (
    "Deux journées de formation au diagnostic avec la Fédération et un accompagnement de l'équipe par un consultant.",
    "Participation des salariés aux ateliers de la Fédération ; diagnostic conduit en interne avec les habitants.",
    "Formation interne au recueil de données et à l'animation de réunions d'habitants.",
    "Un temps d'équipe par trimestre consacré à l'analyse des données du territoire.",
    "Échanges de pratiques avec les centres sociaux voisins et appui du conseiller Caf.",
)
# Comments given with a yes/no answer, by theme: (if yes, if no).
SENACS_COMMENTS = (
    (
        "Nous nous servons des données pour préparer le renouvellement du projet social.",
        "Oui : les chiffres sont présentés chaque année au conseil d'administration.",
        "Comparaison avec les autres structures du département lors du bilan annuel.",
    ),
    (
        "Pas encore : la nouvelle direction découvre l'outil.",
        "Non, faute de temps cette année.",
    ),
)
PARTNERSHIP_COMMENTS = (
    (
        "Oui : participation à la cellule de veille sociale de la commune.",
        "Membre du comité de quartier et de la coordination jeunesse.",
        "Présents aux réunions mensuelles du réseau d'acteurs sociaux du secteur.",
    ),
    (
        "Pas d'instance de ce type sur notre commune.",
        "Invités ponctuellement seulement ; nous souhaitons y participer davantage.",
    ),
)
# Why a conseiller sends a value back, by kind of value.
RETURN_COMMENTS = {
    "amount": ("Montant incohérent avec le budget transmis à la Caf : à corriger.",),
    "decimal": ("Le nombre d'ETP ne correspond pas au dernier bilan transmis : merci de vérifier.",),
    "integer": (
        "Le nombre indiqué est très supérieur à celui de l'an dernier : pouvez-vous vérifier ?",
        "Merci de préciser en commentaire comment ce nombre a été compté.",
    ),
    "percentage": ("Le pourcentage paraît élevé : merci de vérifier le mode de calcul.",),
}
