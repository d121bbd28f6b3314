"""The protocol order of addressees' titles (chidao_dieuhanh/mail_context.py), without a site."""

import unicodedata

import pytest

from chidao_dieuhanh.mail_context import protocol_rank

IN_ORDER = [
	"Chủ tịch UBND tỉnh",
	"Phó Chủ tịch Thường trực UBND tỉnh",
	"Chánh Văn phòng UBND tỉnh",
	"Phó Chánh Văn phòng UBND tỉnh",
	"Trưởng phòng Tổng hợp",
	"",
]


def test_titles_in_protocol_order():
	ranks = [protocol_rank(title) for title in IN_ORDER]
	assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)


@pytest.mark.parametrize(
	("title", "same_as"),
	[
		("chủ tịch ủy ban nhân dân tỉnh", "Chủ tịch UBND tỉnh"),
		("  Phó Chủ tịch UBND tỉnh ", "Phó Chủ tịch Thường trực UBND tỉnh"),
		(unicodedata.normalize("NFD", "Chánh Văn phòng"), "Chánh Văn phòng UBND tỉnh"),  # decomposed accents
		("Chủ tịchxã", "Trưởng phòng Tổng hợp"),  # a title only begins with whole words
		(None, ""),
	],
)
def test_titles_written_differently(title, same_as):
	assert protocol_rank(title) == protocol_rank(same_as)
