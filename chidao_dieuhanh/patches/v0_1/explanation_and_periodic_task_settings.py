from chidao_dieuhanh.periodic_tasks import grant_auto_repeat_rights
from chidao_dieuhanh.settings import set_missing_defaults


def execute():
	"""Directive Settings' explanation request defaults (working days to explain, ranking points per
	explanation not accepted), and the office's rights to make tasks repeat (Auto Repeat)."""
	set_missing_defaults()
	grant_auto_repeat_rights()
