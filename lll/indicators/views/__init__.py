"""The monitoring's pages, one module per part (as `urls.py` names them here)."""

from .dashboard import compare, indicator_detail, indicator_list, theme, unit_profile
from .editing import indicator_edit, target_edit
from .imports import (
    batch_detail,
    batch_file,
    batch_list,
    import_abandon,
    import_cancel,
    import_commit,
    import_from_source,
    import_mapping,
    import_preview,
    import_read_again,
    import_retry,
    import_upload,
)
from .position import region_among
from .rules import rule_edit, rule_list

__all__ = [
    "batch_detail",
    "batch_file",
    "batch_list",
    "compare",
    "import_abandon",
    "import_cancel",
    "import_commit",
    "import_from_source",
    "import_mapping",
    "import_preview",
    "import_read_again",
    "import_retry",
    "import_upload",
    "indicator_detail",
    "indicator_edit",
    "indicator_list",
    "region_among",
    "rule_edit",
    "rule_list",
    "target_edit",
    "theme",
    "unit_profile",
]
