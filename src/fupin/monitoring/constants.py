"""Limits of the monitoring workflow that are law, not data (rules.md §9)."""

from __future__ import annotations

from datetime import timedelta

# From lead to decision (已纳入 or 不予纳入) at most 15 days; cases past it are overdue.
DECISION_PERIOD = timedelta(days=15)
# A case with at most this much of its decision period left is due soon.
DUE_SOON = timedelta(days=3)
# 公示 lasts at least 5 days (counted inclusively: 1 to 5 March), 乡镇初审 from the day after.
NOTICE_MIN_DAYS = 5
# 风险消除 only after at least 6 months in 帮扶中.
HELP_MIN_MONTHS = 6

# Attachments: photos and scanned documents only.
