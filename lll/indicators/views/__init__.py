"""The monitoring's pages, one module per part (as `urls.py` names them here)."""

from .dashboard import compare, indicator_detail, indicator_list, theme, unit_profile
from .editing import indicator_edit, target_edit
from .imports import (
    batch_detail,
    batch_file,
    batch_list,
    import_cancel,
    import_commit,
    import_from_source,
    import_mapping,
    import_preview,
    import_upload,
)
from .rules import rule_edit, rule_list

__all__ = [
    "batch_detail",
    "batch_file",
    "batch_list",
    "compare",
    "import_cancel",
    "import_commit",
    "import_from_source",
    "import_mapping",
    "import_preview",
    "import_upload",
    "indicator_detail",
    "indicator_edit",
    "indicator_list",
    "rule_edit",
    "rule_list",
    "target_edit",
    "theme",
    "unit_profile",
]
