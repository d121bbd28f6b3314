from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import create_default_calendar
from chidao_dieuhanh.settings import set_missing_defaults


def execute():
	set_missing_defaults()
	create_default_calendar()
