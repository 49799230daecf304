"""The pages of the vocational-education register, one module per part (as `urls.py` names
them here)."""

from .dictionaries import (
    barometer_list,
    forecast_delete,
    forecast_edit,
    forecast_list,
    occupation_list,
    school_list,
)
from .imports import (
    import_abandon,
    import_batch,
    import_cancel,
    import_commit,
    import_list,
    import_mapping,
    import_preview,
    import_read_again,
    import_retry,
    import_upload,
)
from .register import (
    deadlines,
    home,
    outcome_delete,
    outcome_edit,
    request_detail,
    request_edit,
    request_evidence_docx,
    request_list,
    request_opinion,
)
from .report import report, report_indicators, report_publish

__all__ = [
    "barometer_list",
    "deadlines",
    "forecast_delete",
    "forecast_edit",
    "forecast_list",
    "home",
    "import_abandon",
    "import_batch",
    "import_cancel",
    "import_commit",
    "import_list",
    "import_mapping",
    "import_preview",
    "import_read_again",
    "import_retry",
    "import_upload",
    "occupation_list",
    "outcome_delete",
    "outcome_edit",
    "report",
    "report_indicators",
    "report_publish",
    "request_detail",
    "request_edit",
    "request_evidence_docx",
    "request_list",
    "request_opinion",
    "school_list",
]
