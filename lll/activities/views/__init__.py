from .figures import figures_page
from .kkz import kkz_page
from .register import (
    activity_detail,
    activity_edit,
    activity_list,
    public_detail,
    public_list,
)
from .reporting import (
    cycle_detail,
    cycle_edit,
    cycle_list,
    cycle_remind,
    invite,
    report_activity_new,
    report_approve,
    report_detail,
    report_download,
    report_list,
    report_return,
    report_submit,
    report_upload,
    report_withdraw,
)

__all__ = [
    "activity_detail",
    "activity_edit",
    "activity_list",
    "cycle_detail",
    "cycle_edit",
    "cycle_list",
    "cycle_remind",
    "figures_page",
    "invite",
    "kkz_page",
    "public_detail",
    "public_list",
    "report_activity_new",
    "report_approve",
    "report_detail",
    "report_download",
    "report_list",
    "report_return",
    "report_submit",
    "report_upload",
    "report_withdraw",
]
