from chidao_dieuhanh import task_agencies


def execute():
	"""The agencies that see each task (its lead and coordinating agencies), for the tasks already there."""
	task_agencies.rebuild()
