"""Words the generator draws from: titles of axes, fiches and actions, indicators, structure names."""

from fiches.enums import ActionStatus
from indicateurs.enums import Aggregation, IndicatorKind, IndicatorLevel

AXES = (
    "Améliorer la couverture territoriale de l'animation de la vie sociale",
    "Confirmer la fonction de développement des liens sociaux des équipements",
    "Soutenir la participation des habitants et le pouvoir d'agir",
    "Consolider le partenariat et le pilotage du schéma",
)
ORIENTATIONS = (
    "Accompagner l'émergence de nouvelles structures dans les territoires non couverts",
    "Renforcer l'accueil et l'accompagnement des familles",
    "Accompagner les structures dans la construction de processus de cohésion sociale",
    "Développer l'accès aux droits et lutter contre l'isolement",
    "Valoriser l'engagement bénévole et la gouvernance associative",
    "Favoriser l'implication des jeunes dans la vie locale",
    "Partager les données d'observation et d'évaluation",
    "Coordonner les financements des partenaires",
)
FICHE_TOPICS = (
    "Promouvoir les expérimentations favorisant l'ouverture à l'autre",
    "Soutenir les projets familles des centres sociaux",
    "Développer les espaces de vie sociale en milieu rural",
    "Renforcer la place des habitants dans les instances",
    "Former les salariés au diagnostic de territoire",
    "Lutter contre l'isolement des personnes âgées",
    "Accompagner la parentalité dans les quartiers prioritaires",
    "Faciliter l'accès aux droits et au numérique",
    "Valoriser l'utilité sociale des structures",
    "Coordonner les acteurs de la veille sociale",
    "Développer les actions en direction des jeunes",
    "Mutualiser les moyens entre structures voisines",
)
ACTION_TEXTS = (
    "Organiser des rencontres entre structures et partenaires",
    "Soutenir les expériences innovantes portées par les habitants",
    "Mettre en place un outil partagé de suivi",
    "Former les équipes et les bénévoles",
    "Conduire un diagnostic partagé avec les communes",
    "Conventionner avec les partenaires locaux",
    "Évaluer les actions menées et diffuser les résultats",
    "Accompagner les porteurs de projet",
)
UPDATE_COMMENTS = {
    ActionStatus.A_VENIR: ("Lancement prévu après le comité de pilotage.", "Calendrier en cours de calage."),
    ActionStatus.EN_COURS: (
        "Réunion de travail tenue avec les partenaires.",
        "Premiers ateliers réalisés ; bonne participation.",
        "Point d'étape en comité technique.",
        "Outil en cours de déploiement.",
    ),
    ActionStatus.REALISEE: ("Action achevée ; bilan présenté en comité de pilotage.", "Objectifs atteints."),
    ActionStatus.REPORTEE: ("Reportée faute de moyens humains cette année.", "Décalée à la demande des partenaires."),
    ActionStatus.ABANDONNEE: ("Abandonnée : le besoin est couvert par un autre dispositif.",),
}
EXPECTED_RESULTS = (
    "Émergence de nouveaux projets portés par les structures",
    "Meilleure connaissance mutuelle des acteurs",
    "Hausse de la participation des habitants",
)

# (label, kind, level, aggregation, unit): the structures answer the first ones, the conseiller the schéma-wide ones.
INDICATORS = (
    ("Nombre de projets expérimentaux menés", IndicatorKind.INTEGER, IndicatorLevel.STRUCTURE, Aggregation.SUM, "projets"),
    ("Nombre de bénévoles réguliers", IndicatorKind.INTEGER, IndicatorLevel.STRUCTURE, Aggregation.SUM, "bénévoles"),
    ("Nombre de salariés en équivalent temps plein", IndicatorKind.DECIMAL, IndicatorLevel.STRUCTURE, Aggregation.SUM, "ETP"),
    ("Budget annuel de fonctionnement de la structure", IndicatorKind.AMOUNT, IndicatorLevel.STRUCTURE, Aggregation.SUM, "€"),
    ("Part des adhérents résidant en QPV", IndicatorKind.PERCENTAGE, IndicatorLevel.STRUCTURE, Aggregation.MEAN, "%"),
    ("Nombre de familles accompagnées", IndicatorKind.INTEGER, IndicatorLevel.STRUCTURE, Aggregation.SUM, "familles"),
    ("Participation aux instances de veille sociale", IndicatorKind.BOOLEAN, IndicatorLevel.STRUCTURE, Aggregation.COUNT_YES, ""),
    (
        "Projet social intégrant l'évaluation d'utilité sociale",
        IndicatorKind.BOOLEAN,
        IndicatorLevel.STRUCTURE,
        Aggregation.SHARE_YES,
        "",
    ),
    ("Nombre d'actions essayées", IndicatorKind.INTEGER, IndicatorLevel.STRUCTURE, Aggregation.SUM, "actions"),
    (
        "Nombre de personnes touchées par les actions",
        IndicatorKind.INTEGER,
        IndicatorLevel.STRUCTURE,
        Aggregation.SUM,
        "personnes",
    ),
    ("Utilisez-vous les données SENACS ? Si oui, comment ?", IndicatorKind.TEXT, IndicatorLevel.STRUCTURE, Aggregation.NONE, ""),
    ("Principal financeur après la Caf", IndicatorKind.CHOICE, IndicatorLevel.STRUCTURE, Aggregation.NONE, ""),
    ("Nombre d'heures d'ouverture hebdomadaire", IndicatorKind.DECIMAL, IndicatorLevel.STRUCTURE, Aggregation.MEAN, "heures"),
    (
        "Nombre de réunions des instances de pilotage du schéma",
        IndicatorKind.INTEGER,
        IndicatorLevel.SCHEMA,
        Aggregation.SUM,
        "réunions",
    ),
    (
        "Part de la population couverte par une structure AVS",
        IndicatorKind.PERCENTAGE,
        IndicatorLevel.SCHEMA,
        Aggregation.SUM,
        "%",
    ),
)
FUNDER_CHOICES = ("Commune", "Conseil départemental", "État — politique de la ville", "MSA")
TEXT_ANSWERS = (
    "Oui, pour préparer le renouvellement du projet social.",
    "Oui, en assemblée générale.",
    "Non, pas encore.",
    "Oui, avec les partenaires de la commune.",
)

CS_NAMES = (
    "Centre social {place}",
    "Centre social et culturel {place}",
    "Maison des habitants {place}",
    "MJC-centre social {place}",
)
EVS_NAMES = ("EVS {place}", "Espace de vie sociale {place}", "EVS Le Lien {place}", "Maison pour tous {place}")
QUARTERS = ("du Centre", "des Tilleuls", "du Bourg", "des Écoles", "de la Gare", "du Parc", "des Vignes", "du Moulin")
STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "place de la Mairie",
    "rue Victor Hugo",
    "rue des Écoles",
    "allée des Tilleuls",
)
FIRST_NAMES = ("Claire", "Julien", "Nadia", "Thomas", "Sophie", "Karim", "Élodie", "Marc", "Fatou", "Luc", "Inès", "Paul")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Petit", "Durand", "Leroy", "Moreau", "Benali", "Garcia", "Roux", "Fournier")
