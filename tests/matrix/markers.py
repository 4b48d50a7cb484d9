"""Text planted in the permission matrix's world (tests/matrix/world.py), looked for in every page it can open.

``PRIVATE``: a distinct marker in each private field, with the roles that may read it; no page any other role
opens may contain it (tests/test_page_content.py). ``XSS``: hostile text typed by the people who write each
field, often lower roles (a director's answers, a conseiller's comments, names); it must come out escaped.
"""

# The audiences, as in the matrix's table (tests/test_permission_matrix.py, which imports this module's world).
ADMIN = {"admin"}
CAF_69 = {"admin", "cons"}
CAF_STAFF = {"admin", "cons", "cons94"}
PRIVATE_A = {"admin", "cons", "dir_a"}
READ_69 = {"admin", "cons", "partner", "dir_a", "dir_b"}
READ_94 = {"admin", "cons94", "partner"}
# The private fields, each with its own marker: (field, marker, the roles that may read it).
PRIVATE = [
    # The Caf's comment on A's agrément: the structure page shows it to A's private readers only.
    ("agrément de A : commentaire", "prive-agrement-commentaire-a", PRIVATE_A),
    ("financement de A : commentaire", "prive-financement-commentaire-a", PRIVATE_A),
    ("A : directeur ou directrice", "prive-direction-a", PRIVATE_A),
    ("A : adresse", "prive-adresse-a", PRIVATE_A),
    ("A : courriel", "prive.courriel.a@matrice.fr", PRIVATE_A),
    ("A : téléphone", "04 99 98 97 96", PRIVATE_A),
    ("A : SIRET", "99999999900017", PRIVATE_A),
    ("C : directeur ou directrice", "prive-direction-c", {"admin", "cons94"}),
    ("valeur de A : commentaire", "prive-valeur-commentaire-a", PRIVATE_A),
    ("valeur de A (campagne close) : commentaire", "prive-valeur-close-commentaire-a", PRIVATE_A),
    # A text answer reaches the partners' dashboards and bilan, without its structure's name unless the
    # indicator allows it (rapports): the text itself is theirs to read, not the other structures'.
    ("valeur de B : texte", "prive-valeur-texte-b", {"admin", "cons", "dir_b", "partner"}),
    ("valeur de B : commentaire", "prive-valeur-commentaire-b", {"admin", "cons", "dir_b"}),
    # A convention's comment is the Caf's note: only its edit form and its history show it.
    ("convention : commentaire", "prive-convention-commentaire", CAF_69),
    # An organisation's notes: the Caf's people, who record and correct the directory.
    ("organisation : notes", "prive-organisation-notes", CAF_STAFF),
    ("financement supprimé : commentaire", "prive-financement-supprime", ADMIN),
    # People's addresses: the administrateurs, and each person their own.
    ("directeur de A : courriel", "directeur.a@matrice.fr", {"admin", "dir_a"}),
    ("directeur de B : courriel", "directeur.b@matrice.fr", {"admin", "dir_b"}),
    ("partenaire : courriel", "partenaire@matrice.fr", {"admin", "partner"}),
    # What only the readers of a schéma see: its progress comments, its fiches.
    ("avancement (Rhône) : commentaire", "perimetre-avancement-69", READ_69),
    ("schéma du Val-de-Marne : intitulé", "perimetre-schema-94", READ_94),
]


def script(field):
    return f'<script>alert("xss-{field}")</script>'


def attribute(field):
    return f'"><img src=x onerror=alert("xss-{field}")>'


# What a browser would run if a page did not escape it.
RAW = ("<script>alert(", "<img src=x onerror=")

# Hostile text in the fields people type, by who types them: field → (the text before it, hostile HTML). The text
# before it is found nowhere else, so that a page or a PDF that prints the field is seen printing all of it.
TYPED = {
    "structure-nom": ("Centre social A", script),  # conseiller
    "structure-quartier": ("Quartier des Pentes", attribute),  # conseiller
    "organisation-nom": ("Métropole du Grand Lyon", attribute),  # conseiller, read by partners
    "fiche-titre": ("Vivre ensemble", script),  # conseiller who pilots it
    "action-texte": ("Soutenir les expériences", attribute),  # conseiller who pilots the fiche
    "avancement-commentaire": ("Démarrage du projet", script),  # conseiller
    "indicateur-libelle": ("Nombre de projets expérimentaux", script),  # administrateur
    "convention-titre": ("Convention tripartite A", attribute),  # conseiller
    "valeur-commentaire": ("Bilan partagé", script),  # director of A
    "valeur-texte": ("Récit des projets", attribute),  # director of B
    "directeur-nom": ("Lefèvre", attribute),  # director of A (profile)
    "structure-direction": ("Mme Dupont", script),  # director of A (contacts)
    "agrement-commentaire": ("Avis favorable", script),  # conseiller
}
XSS = {field: f"{before} {hostile(field)}" for field, (before, hostile) in TYPED.items()}


def private(field):
    """The marker of a private field."""
    return next(marker for name, marker, _ in PRIVATE if name == field)
