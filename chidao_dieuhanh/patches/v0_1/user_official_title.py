from chidao_dieuhanh.mail_context import make_user_fields


def execute():
	make_user_fields()
