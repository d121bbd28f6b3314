from chidao_dieuhanh.settings import set_missing_defaults


def execute():
	"""The defaults of Directive Settings → Digital Signature's "Signs for the Head (KT.)" and head's title."""
	set_missing_defaults()
