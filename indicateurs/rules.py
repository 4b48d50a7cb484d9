"""Who may read indicators, enter values and validate them."""

import rules

from fiches.rules import can_read_in_schema

rules.add_perm("indicateurs.view_indicator", can_read_in_schema)
