"""Directive Settings got the integration platform (LGSP) section: its defaults (attempts, timeout) are
stored on sites installed before it."""

from chidao_dieuhanh.settings import set_missing_defaults


def execute():
	set_missing_defaults()
