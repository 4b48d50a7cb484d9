"""Demo data: a realistic Rhône schéma 2022-2026, loaded by `python manage.py load_demo`.

The constants live here so that the command, the tests and the documentation share them.
"""

import datetime

from comptes.enums import Role

# One password for every demo account: printed at the end of load_demo.
DEMO_PASSWORD = "demo-avs-2026"

DEMO_SCHEMA_SLUG = "rhone-2022-2026"
# The demo tells the story of the schéma as seen on this day (campaign 2025 open, agréments to renew…).
DEMO_TODAY = datetime.date(2026, 11, 22)
DEMO_SEED = 2026

# (e-mail, role, first name, last name)
DEMO_ACCOUNTS = (
    ("admin@demo.avs.fr", Role.ADMIN, "Claire", "Dumas"),
    ("conseiller@demo.avs.fr", Role.CONSEILLER, "Julien", "Perrin"),
    ("directeur@demo.avs.fr", Role.DIRECTEUR, "Nadia", "Benali"),
    ("partenaire@demo.avs.fr", Role.PARTENAIRE, "Thomas", "Girard"),
)
