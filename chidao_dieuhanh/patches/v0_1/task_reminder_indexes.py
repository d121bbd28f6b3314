from chidao_dieuhanh.chidao_dieuhanh.doctype.task_reminder.task_reminder import on_doctype_update


def execute():
	"""The reminder job's indexes on sites whose Task Reminder doctype is not imported again."""
	on_doctype_update()
