from chidao_dieuhanh.settings import set_missing_defaults
from chidao_dieuhanh.signatures import make_file_fields


def execute():
	"""The file's Digital Signature field, and the defaults of Directive Settings → Digital Signature."""
	make_file_fields()
	set_missing_defaults()
