from chidao_dieuhanh.signatures import make_file_fields


def execute():
	make_file_fields()
