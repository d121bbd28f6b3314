"""Who sees every agency and which states need a reason moved from the code to Directive Settings: filled
with what the code said. Draft tasks get their own deadline status (Not Assigned) instead of Overdue."""

from chidao_dieuhanh.deadline_refresh import refresh_deadline_statuses
from chidao_dieuhanh.settings import clear_cache, set_missing_defaults


def execute():
	set_missing_defaults()
	clear_cache()
	refresh_deadline_statuses()
