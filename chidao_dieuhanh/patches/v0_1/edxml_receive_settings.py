"""Directive Settings got the Electronic Documents (edXML) section: the package size limit and the first
rows of the document type mapping are stored on sites installed before it."""

from chidao_dieuhanh.settings import set_missing_defaults


def execute():
	set_missing_defaults()
