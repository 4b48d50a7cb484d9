"""What a careful reader records of each fiche of the corpus (tests/fiches/corpus/*.txt), field by field.

Indicators are (label, kind, aggregation, level, computed source, unit, comment asked); organisations are
(role, name as written, frame of the role); categories are publics named among partners, not organisations.
"""

# base.txt; puces.txt, pdf_texte.txt and rubriques_synonymes.txt are the same fiche written otherwise.
BASE = [
    {
        "code": "PA 1.1.1",
        "axis": (1, "FAVORISER LA PARTICIPATION DES HABITANTS AUX PROJETS DES STRUCTURES"),
        "orientation": ("1.1", "Donner aux habitants une place dans la gouvernance des centres"),
        "title": "OUVRIR LES INSTANCES DES CENTRES SOCIAUX AUX HABITANTS",
        "texts": {
            "diagnostic": "Les conseils d'administration réunissent surtout des bénévoles de longue date. Les jeunes "
            "parents y siègent rarement.",
            "principles": "La participation se construit pas à pas :\n"
            "- accueillir les idées des habitants ;\n"
            "- les associer aux décisions.",
            "publics": "- Centres sociaux et espaces de vie sociale du département",
            "pilotage": "- Caf de la Drôme dans le cadre du suivi des projets sociaux\n"
            "- Fédération des centres sociaux de la Drôme",
            "partners_text": "- Conseil départemental de la Drôme\n- Centres sociaux\n- Association Voix d'habitants",
            "resources": "- Financements Caf, communes et MSA",
            "schedule": "- Action 1 : 2023 à 2025\n- Action 2 : 2024 à 2026",
        },
        "actions": [
            (1, 2023, 2025, "Former les administrateurs bénévoles à l'accueil de nouveaux membres."),
            (2, 2024, 2026, "Organiser une assemblée des habitants dans chaque centre."),
        ],
        "results": ["Des instances plus ouvertes aux habitants."],
        "indicators": [
            ("Nombre d'habitants élus au conseil d'administration", "integer", "sum", "structure", "", "", False),
            ("Part des centres ayant tenu une assemblée des habitants", "percentage", "mean", "structure", "", "%", False),
            ("Les habitants sont-ils consultés sur le projet social ?", "boolean", "share_yes", "structure", "", "", True),
        ],
        "organisations": [
            ("pilot", "Caf de la Drôme", "dans le cadre du suivi des projets sociaux"),
            ("pilot", "Fédération des centres sociaux de la Drôme", ""),
            ("partner", "Conseil départemental de la Drôme", ""),
            ("partner", "Association Voix d'habitants", ""),
            ("funder", "Caf", ""),
            ("funder", "communes", ""),
            ("funder", "MSA", ""),
        ],
        "categories": [("partner", "Centres sociaux")],
        "other_sections": [],
    }
]

SCHEMA_COMPLET = [
    {
        "code": "FA 1.1.1",
        "axis": (1, "RENFORCER LA PRÉSENCE DES STRUCTURES SUR LE TERRITOIRE"),
        "orientation": ("1.1", "Couvrir les communes rurales"),
        "title": "Installer des permanences itinérantes",
        "texts": {
            "diagnostic": "Plusieurs cantons du sud n'ont aucun équipement.",
            "pilotage": "- Caf de la Drôme",
            "schedule": "- Actions 1 et 2 : 2022/2026",
        },
        "actions": [
            (1, 2022, 2026, "Recenser les lieux d'accueil disponibles dans les mairies."),
            (2, 2022, 2026, "Faire circuler un camion d'accueil deux jours par semaine."),
        ],
        "results": [],
        "indicators": [("Nombre de communes desservies par le camion", "integer", "sum", "structure", "", "", False)],
        "organisations": [("pilot", "Caf de la Drôme", "")],
        "categories": [],
        "other_sections": [],
    },
    {
        "code": "FA 1.1.2",
        "axis": (1, "RENFORCER LA PRÉSENCE DES STRUCTURES SUR LE TERRITOIRE"),
        "orientation": ("1.1", "Couvrir les communes rurales"),
        "title": "Accompagner la création d'espaces de vie sociale",
        "texts": {
            "partners_text": "- Communauté de communes du Diois\n- MSA Ardèche Drôme Loire",
            "schedule": "Toutes les actions : 2023-2026.",
        },
        "actions": [
            (1, 2023, 2026, "Présenter l'agrément aux élus des communes rurales."),
            (2, 2023, 2026, "Financer une étude de besoins par bassin de vie."),
        ],
        "results": [],
        "indicators": [("Nombre de nouveaux espaces de vie sociale agréés", "integer", "sum", "schema", "", "", False)],
        "organisations": [("partner", "Communauté de communes du Diois", ""), ("partner", "MSA Ardèche Drôme Loire", "")],
        "categories": [],
        "other_sections": [],
    },
    {
        "code": "FA 2.1.1",
        "axis": (2, "CONSOLIDER LES PROJETS FAMILLES"),
        "orientation": ("2.1", "Soutenir les référents familles"),
        "title": "Créer un réseau départemental des référents familles",
        "texts": {"diagnostic": "Les référents familles travaillent souvent seuls.", "schedule": "- En continu"},
        "actions": [(1, 2022, 2026, "Réunir les référents familles chaque trimestre.")],
        "results": [],
        "indicators": [],
        "organisations": [],
        "categories": [],
        "other_sections": [],
    },
]

DEUX_NIVEAUX = [
    {
        "code": "FA 7",
        "axis": (3, "Partager les données de l'observatoire"),
        "orientation": ("3", "Partager les données de l'observatoire"),
        "title": "Exploiter les réponses à SENACS",
        "texts": {"pilotage": "- Caf de la Drôme", "schedule": "- 2024"},
        "actions": [(1, 2024, 2024, "Publier chaque année une synthèse départementale.")],
        "results": [],
        "indicators": [
            ("Taux de participation à l'observatoire SENACS", "percentage", "mean", "schema", "senacs_share", "%", False),
            ("Nombre de centres sociaux", "integer", "sum", "schema", "centres_sociaux_count", "", False),
            ("Nombre d'EVS agréés", "integer", "sum", "schema", "evs_count", "", False),
        ],
        "organisations": [("pilot", "Caf de la Drôme", "")],
        "categories": [],
        "other_sections": [],
    }
]

INDICATEURS = [
    {
        "code": "PA 3.2.1",
        "axis": (3, "ÉVALUER L'UTILITÉ SOCIALE DES STRUCTURES"),
        "orientation": ("3.2", "Mesurer ce que les structures apportent"),
        "title": "SUIVRE LES EFFETS DES PROJETS SOCIAUX",
        "texts": {"schedule": "- 2023 à 2026"},
        "actions": [(1, 2023, 2026, "Construire une grille commune d'auto-évaluation.")],
        "results": ["Les structures disposent d'une grille partagée.", "Nombre de structures utilisant la grille."],
        "indicators": [
            ("Nb de grilles complétées", "integer", "sum", "structure", "", "", False),
            ("% de bénévoles formés", "percentage", "mean", "structure", "", "%", False),
            ("Taux de renouvellement des administrateurs", "percentage", "mean", "structure", "", "%", False),
            ("Montant des aides au démarrage versées", "amount", "sum", "structure", "", "€", False),
            ("Budget consacré à l'évaluation", "amount", "sum", "structure", "", "€", False),
            ("Nombre de conventions tripartites signées", "integer", "sum", "schema", "conventions_tripartites", "", False),
            ("Nombre de CTG signées", "integer", "sum", "schema", "conventions_ctg", "", False),
            ("Nombre d'actions réalisées du schéma", "integer", "sum", "schema", "actions_done", "", False),
            ("Existence d'une démarche d'évaluation partagée", "boolean", "count_yes", "structure", "", "", False),
            ("Comment les habitants participent-ils à l'évaluation ?", "text", "none", "structure", "", "", False),
            (
                "Avez-vous présenté la grille à votre conseil d'administration ? Qui l'a validée ?",
                "boolean",
                "share_yes",
                "structure",
                "",
                "",
                True,
            ),
            ("Appréciation des familles sur l'accueil", "text", "none", "structure", "", "", False),
        ],
        "organisations": [],
        "categories": [],
        "other_sections": [],
    }
]

TABLEAU = [
    {
        "code": "PA 3.2.2",
        "axis": (3, "ÉVALUER L'UTILITÉ SOCIALE DES STRUCTURES"),
        "orientation": ("3.2", "Mesurer ce que les structures apportent"),
        "title": "OUTILLER LES ÉQUIPES",
        "texts": {
            "diagnostic": "Les équipes manquent de repères.",
            "pilotage": "- Caf de la Drôme\n- Fédération des centres sociaux de la Drôme",
        },
        "actions": [(1, 2023, 2024, "Rédiger un guide de l'évaluation."), (2, 2024, 2026, "Animer deux ateliers par an.")],
        "results": ["Des équipes plus sûres de leurs méthodes."],
        "indicators": [("Nombre d'ateliers tenus", "integer", "sum", "structure", "", "", False)],
        "organisations": [("pilot", "Caf de la Drôme", ""), ("pilot", "Fédération des centres sociaux de la Drôme", "")],
        "categories": [],
        "other_sections": [],
    }
]

RUBRIQUES_INCONNUES = [
    {
        "code": "PA 1.2.1",
        "axis": (1, "FAVORISER LA PARTICIPATION DES HABITANTS AUX PROJETS DES STRUCTURES"),
        "orientation": ("1.2", "Faire vivre la démocratie locale"),
        "title": "SOUTENIR LES CONSEILS DE QUARTIER",
        "texts": {"diagnostic": "Peu d'habitants connaissent les conseils de quartier.", "schedule": "- Action 1 : 2024 à 2026"},
        "actions": [(1, 2024, 2026, "Tenir un stand dans chaque fête de quartier.")],
        "results": [],
        "indicators": [("Nombre de stands tenus", "integer", "sum", "structure", "", "", False)],
        "organisations": [],
        "categories": [],
        "other_sections": [
            ("OBJECTIFS", "- Mieux faire connaître les conseils."),
            ("POINTS DE VIGILANCE", "- Ne pas se substituer aux élus."),
            ("CALENDRIER", "- Réunion de lancement au printemps"),
            ("Modalités de suivi", "- Point annuel en comité technique."),
        ],
    }
]

# variantes.txt: numbered headings, an axis title on the next line, organisations in capitals without bullets,
# échéances written under each action, indicators measured by a word at their end.
VARIANTES = [
    {
        "code": "FA 4",
        "axis": (2, "Accompagner les familles dans leur vie quotidienne"),
        "orientation": ("2.3", "Soutenir la parentalité dans les quartiers"),
        "title": "Développer les lieux d'accueil parents-enfants",
        "texts": {
            "diagnostic": "Les lieux d'accueil parents-enfants sont concentrés dans la ville-centre.",
            "pilotage": "CAF DE LA DRÔME\nCONSEIL DÉPARTEMENTAL DE LA DRÔME",
        },
        "actions": [
            (1, 2023, 2024, "Ouvrir deux lieux d'accueil itinérants."),
            (2, 2025, 2025, "Former les accueillants aux premiers secours."),
        ],
        "results": [],
        "indicators": [
            ("Lieu d'accueil ouvert dans chaque bassin de vie (oui/non)", "boolean", "count_yes", "structure", "", "", False),
            ("Reste à charge des familles (en €)", "amount", "sum", "structure", "", "€", False),
            ("Fréquentation moyenne par séance", "decimal", "mean", "structure", "", "", False),
        ],
        "organisations": [("pilot", "CAF DE LA DRÔME", ""), ("pilot", "CONSEIL DÉPARTEMENTAL DE LA DRÔME", "")],
        "categories": [],
        "other_sections": [("Texte hors rubrique", "Fiche validée par le comité technique de mars.")],
    }
]

# variantes2.txt: AXE STRATÉGIQUE N°, Orientation stratégique, Fiche-action 4.1.2 :, headings that start like a
# known one, several organisations on one line, funders listed under PARTENAIRES FINANCIERS.
VARIANTES2 = [
    {
        "code": "FA 4.1.2",
        "axis": (4, "COORDONNER LES ACTEURS DU TERRITOIRE"),
        "orientation": ("4.1", "Partager l'information entre partenaires"),
        "title": "Tenir un annuaire commun des structures",
        "texts": {
            "diagnostic": "L'information sur les structures est dispersée entre plusieurs sites.",
            "pilotage": "- Caf de la Drôme, Conseil départemental de la Drôme et Fédération des centres sociaux de la Drôme",
            "resources": "- Caf\n- Conseil départemental de la Drôme",
            "schedule": "- Action 1 : 2023\n- Action 2 : 2024 à 2026",
        },
        "actions": [
            (1, 2023, 2023, "Recenser les structures et leurs services."),
            (2, 2024, 2026, "Publier l'annuaire en ligne."),
        ],
        "results": ["Un annuaire à jour chaque année."],
        "indicators": [
            ("Nombre de consultations de l'annuaire", "integer", "sum", "structure", "", "", False),
            ("Annuaire mis à jour dans l'année (oui/non)", "boolean", "count_yes", "structure", "", "", False),
        ],
        "organisations": [
            ("pilot", "Caf de la Drôme", ""),
            ("pilot", "Conseil départemental de la Drôme", ""),
            ("pilot", "Fédération des centres sociaux de la Drôme", ""),
            ("funder", "Caf", ""),
            ("funder", "Conseil départemental de la Drôme", ""),
        ],
        "categories": [],
        "other_sections": [],
    }
]

# Every doubt of each file: (line, reason), in line order.
DOUBTS = {
    "base.txt": [],
    "puces.txt": [],
    "pdf_texte.txt": [(None, "En-têtes, pieds de page et numéros de page retirés (lignes 1, 22, 25, 57, 60).")],
    "rubriques_synonymes.txt": [(21, "Intitulé collé lu comme « PARTENAIRES IMPLIQUÉS ».")],
    "schema_complet.txt": [
        (1, "Préambule ignoré (lignes 1 à 3) : le texte qui précède la première fiche n'appartient à aucune fiche."),
        (57, "« En continu » : la période du schéma (2022 à 2026) est retenue."),
    ],
    "deux_niveaux.txt": [(3, "Pas d'orientation : la fiche FA 7 est rangée directement sous l'axe 3.")],
    "indicateurs.txt": [
        (15, "Sous RÉSULTATS ATTENDUS, cette ligne ressemble à un indicateur : gardée en résultat attendu."),
        (32, "Deux questions sur une ligne : un seul indicateur oui/non, avec commentaire."),
        (33, "Indicateur « Appréciation des familles sur l'accueil » : nature non reconnue, texte libre proposé."),
    ],
    "tableau.txt": [],
    "variantes2.txt": [],
    "variantes.txt": [
        (8, "Texte hors rubrique, avant la première rubrique : gardé à part (autres rubriques)."),
    ],
    "rubriques_inconnues.txt": [
        (10, "Rubrique inconnue « OBJECTIFS » : texte gardé à part (autres rubriques)."),
        (16, "Rubrique inconnue « POINTS DE VIGILANCE : » : texte gardé à part (autres rubriques)."),
        (19, "Rubrique « CALENDRIER » à côté de « ÉCHÉANCES » : texte gardé à part (autres rubriques)."),
        (28, "Rubrique inconnue « Modalités de suivi : » : texte gardé à part (autres rubriques)."),
    ],
}
