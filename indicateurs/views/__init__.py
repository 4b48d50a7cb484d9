from .campaigns import (
    campaign_close,
    campaign_create,
    campaign_detail,
    campaign_extend,
    campaign_list,
    campaign_open,
    campaign_reopen,
    completeness,
)
from .entry import entry, schema_values
from .exports import export_values, import_rejected, import_values
from .indicators import indicator_create, indicator_edit, indicator_list, results
from .reminders import campaign_remind
from .validation import return_value_view, validate_value_view, validation, validation_structure

__all__ = [
    "campaign_close",
    "campaign_create",
    "campaign_detail",
    "campaign_extend",
    "campaign_list",
    "campaign_open",
    "campaign_remind",
    "campaign_reopen",
    "completeness",
    "entry",
    "export_values",
    "import_rejected",
    "import_values",
    "indicator_create",
    "indicator_edit",
    "indicator_list",
    "results",
    "return_value_view",
    "schema_values",
    "validate_value_view",
    "validation",
    "validation_structure",
]
