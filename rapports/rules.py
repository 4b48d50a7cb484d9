"""Who may read the dashboards and download the reports."""

import rules

from comptes.rules import is_partenaire, is_staff_caf

# Dashboards and the annual report: the Caf and its partners.
rules.add_perm("rapports.view_dashboard", is_staff_caf | is_partenaire)
