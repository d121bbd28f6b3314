from chidao_dieuhanh.data_import import allow_office_imports


def execute():
	allow_office_imports()
