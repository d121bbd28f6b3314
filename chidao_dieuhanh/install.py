"""What a new site gets once the app is installed."""

from chidao_dieuhanh.chidao_dieuhanh.doctype.agency_type.agency_type import create_standard_types
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import create_default_calendar
from chidao_dieuhanh.data_import import allow_office_imports
from chidao_dieuhanh.link_titles import show_users_by_full_name
from chidao_dieuhanh.mail_context import make_user_fields
from chidao_dieuhanh.periodic_tasks import grant_auto_repeat_rights
from chidao_dieuhanh.settings import set_missing_defaults
from chidao_dieuhanh.signatures import make_file_fields


def after_install():
	set_missing_defaults()
	create_standard_types()
	create_default_calendar()
	allow_office_imports()
	make_file_fields()
	make_user_fields()
	show_users_by_full_name()
	grant_auto_repeat_rights()
