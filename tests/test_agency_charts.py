"""Agencies' short names in charts and the choice of the worst agencies (chidao_dieuhanh/agency_charts.py),
without a site: every demo agency gets a name a phone chart can show."""

import csv
from pathlib import Path

import pytest

from chidao_dieuhanh.agency_charts import short_name, worst_agencies

DEMO = Path(__file__).parents[1] / "chidao_dieuhanh" / "demo_data"


@pytest.mark.parametrize(
	("name", "expected"),
	[
		("Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
		("Sở Khoa học và Công nghệ", "Sở KH&CN"),
		("Sở Dân tộc và Tôn giáo", "Sở DT&TG"),
		("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL"),
		("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
		("Sở Tài chính", "Sở Tài chính"),
		("Sở Nội vụ", "Sở Nội vụ"),
		("Sở Ngoại vụ", "Sở Ngoại vụ"),
		("Ban Quản lý dự án đầu tư xây dựng tỉnh", "Ban QLDAĐTXD"),
		("UBND phường Hòa An Bắc", "P. Hòa An Bắc"),
		("UBND xã Tân Lập", "X. Tân Lập"),
		("UBND đặc khu Cồn Tiên", "ĐK. Cồn Tiên"),
		("UBND phường Bến Thành", "P. Bến Thành"),
		("UBND tỉnh", "UBND tỉnh"),
		("UBND cấp xã", "UBND cấp xã"),
		("Thanh tra tỉnh", "Thanh tra tỉnh"),
		("Bộ Chỉ huy Quân sự tỉnh", "BCHQS tỉnh"),
	],
)
def test_short_name_of_the_usual_agencies(name, expected):
	assert short_name(name) == expected


def test_the_agencys_own_shortest_short_name_comes_first():
	assert (
		short_name("Kho bạc Nhà nước khu vực XVIII", "Kho bạc khu vực XVIII\nKBNN KV XVIII")
		== "KBNN KV XVIII"
	)
	assert short_name("Sở Tài chính", "\n  \n") == "Sở Tài chính"


def test_every_demo_agency_has_a_distinct_short_name_a_phone_chart_can_show():
	with open(DEMO / "agencies.csv", encoding="utf-8") as f:
		agencies = {row["code"]: row["name"] for row in csv.DictReader(f)}
	with open(DEMO / "agency_short_names.csv", encoding="utf-8") as f:
		listed = {row["code"]: row["short_names"].replace(";", "\n") for row in csv.DictReader(f)}
	names = [short_name(name, listed.get(code)) for code, name in agencies.items()]
	assert len(set(names)) == len(names)
	too_long = [name for name in names if len(name) > 20]
	assert not too_long


def test_worst_agencies_most_overdue_then_most_late():
	rows = [
		{"agency": "A", "open_overdue": 1, "completed_late": 5},
		{"agency": "B", "open_overdue": 3, "completed_late": 0},
		{"agency": "C", "open_overdue": 1, "completed_late": 7},
		{"agency": "D", "open_overdue": 0, "completed_late": 0},
		{"agency": "E", "open_overdue": 0, "completed_late": 2},
	]
	assert [row["agency"] for row in worst_agencies(rows)] == ["B", "C", "A", "E"]
	assert [row["agency"] for row in worst_agencies(rows, limit=2)] == ["B", "C"]
