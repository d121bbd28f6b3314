from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_task.directive_task import on_doctype_update


def execute():
	on_doctype_update()
