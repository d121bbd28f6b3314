from chidao_dieuhanh.link_titles import show_users_by_full_name


def execute():
	show_users_by_full_name()
