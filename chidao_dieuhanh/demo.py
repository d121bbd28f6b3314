"""Vietnamese demo data for chidao_dieuhanh.

    bench --site SITE execute chidao_dieuhanh.demo.setup_demo

Creates (once; a second run changes nothing) the settings, sectors, the agency tree, the demo users and
about 50 directives with about 200 tasks of a fictional province ("tỉnh Hòa An"). Tasks are moved through
the task workflow by its own transitions, progress reports are submitted and extension requests decided
the way users would do it, so that every workflow state and every deadline status is shown.
Dates are relative to today; the random choices come from a fixed seed.

All demo users have the password DEMO_PASSWORD below.
"""

import random
from datetime import datetime, time, timedelta

import frappe
from frappe.utils import add_days, getdate, today

from chidao_dieuhanh.settings import due_soon_days

SEED = 20261
DEMO_PASSWORD = "Demo@12345"
DOMAIN = "demo.gov.vn"

# --------------------------------------------------------------------------------------------------
# Masters
# --------------------------------------------------------------------------------------------------

CHAIRMAN = f"chutich@{DOMAIN}"
VICE_1 = f"phochutich1@{DOMAIN}"
VICE_2 = f"phochutich2@{DOMAIN}"
VICE_3 = f"phochutich3@{DOMAIN}"
OFFICE_LEADER = f"lanhdaovp@{DOMAIN}"
OFFICERS = [f"chuyenvien1@{DOMAIN}", f"chuyenvien2@{DOMAIN}", f"chuyenvien3@{DOMAIN}"]
MANAGER = f"quantri@{DOMAIN}"

# email, full name, roles, what they are (for the printed list)
OFFICE_USERS = [
	(CHAIRMAN, "Nguyễn Văn Thành", ["Leader"], "Chủ tịch UBND tỉnh"),
	(VICE_1, "Trần Minh Quang", ["Leader"], "Phó Chủ tịch UBND tỉnh (Kinh tế, Xây dựng - Giao thông)"),
	(VICE_2, "Lê Thị Thu Hà", ["Leader"], "Phó Chủ tịch UBND tỉnh (Văn hóa - Xã hội)"),
	(VICE_3, "Phạm Quốc Bảo", ["Leader"], "Phó Chủ tịch UBND tỉnh (Tài nguyên - Môi trường, Nông nghiệp)"),
	(OFFICE_LEADER, "Võ Thanh Tùng", ["Office Leader"], "Chánh Văn phòng UBND tỉnh"),
	(OFFICERS[0], "Đặng Thị Mai", ["Tracking Officer"], "Chuyên viên theo dõi (Kinh tế, Xây dựng)"),
	(
		OFFICERS[1],
		"Huỳnh Văn Phúc",
		["Tracking Officer"],
		"Chuyên viên theo dõi (Văn hóa - Xã hội, Nội chính)",
	),
	(
		OFFICERS[2],
		"Bùi Ngọc Lan",
		["Tracking Officer"],
		"Chuyên viên theo dõi (Tài nguyên - Môi trường, Nông nghiệp)",
	),
	(MANAGER, "Ngô Đức Anh", ["Directive Manager"], "Quản trị hệ thống"),
]

# code, name, vice-chairman in charge, tracking officer, document-number suffix of official letters
SECTORS = [
	("KT", "Kinh tế", VICE_1, OFFICERS[0], "KTTC"),
	("XD", "Xây dựng - Giao thông", VICE_1, OFFICERS[0], "KTN"),
	("VHXH", "Văn hóa - Xã hội", VICE_2, OFFICERS[1], "KGVX"),
	("NC", "Nội chính", CHAIRMAN, OFFICERS[1], "NC"),
	("TNMT", "Tài nguyên - Môi trường", VICE_3, OFFICERS[2], "KTN"),
	("NN", "Nông nghiệp", VICE_3, OFFICERS[2], "KTN"),
]
SECTOR_DESCRIPTIONS = {
	"KT": "Kế hoạch, đầu tư, tài chính, ngân sách, thương mại, doanh nghiệp, chuyển đổi số.",
	"XD": "Xây dựng, quy hoạch, đô thị, nhà ở, giao thông vận tải, dự án đầu tư công.",
	"VHXH": "Giáo dục, y tế, văn hóa, thể thao, du lịch, lao động, an sinh xã hội.",
	"NC": "Quốc phòng, an ninh, nội vụ, tư pháp, thanh tra, tiếp công dân, phòng chống tham nhũng.",
	"TNMT": "Đất đai, môi trường, tài nguyên nước, khoáng sản.",
	"NN": "Nông nghiệp, thủy lợi, phòng chống thiên tai, nông thôn mới.",
}

ROOT_AGENCY = "UBND tỉnh"
GROUP_DEPARTMENTS = "Sở, ban, ngành"
GROUP_DISTRICTS = "UBND cấp huyện"
GROUP_CENTRAL = "Cơ quan Trung ương trên địa bàn"

DEPARTMENTS = [
	("SKHDT", "Sở Kế hoạch và Đầu tư"),
	("STC", "Sở Tài chính"),
	("SXD", "Sở Xây dựng"),
	("SGTVT", "Sở Giao thông vận tải"),
	("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
	("STNMT", "Sở Tài nguyên và Môi trường"),
	("SCT", "Sở Công Thương"),
	("SYT", "Sở Y tế"),
	("SGDDT", "Sở Giáo dục và Đào tạo"),
	("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
	("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
	("SNV", "Sở Nội vụ"),
	("STP", "Sở Tư pháp"),
	("STTTT", "Sở Thông tin và Truyền thông"),
	("SKHCN", "Sở Khoa học và Công nghệ"),
	("SNGV", "Sở Ngoại vụ"),
	("TTT", "Thanh tra tỉnh"),
	("BDT", "Ban Dân tộc tỉnh"),
	("BQLKCN", "Ban Quản lý các khu công nghiệp tỉnh"),
	("BQLDA", "Ban Quản lý dự án đầu tư xây dựng tỉnh"),
]
DISTRICTS = [
	("TPHA", "UBND thành phố Hòa An"),
	("TXPL", "UBND thị xã Phú Lâm"),
	("HTT", "UBND huyện Tân Thạnh"),
	("HLH", "UBND huyện Long Hưng"),
	("HBD", "UBND huyện Bình Đông"),
	("HVT", "UBND huyện Vĩnh Trạch"),
	("HAP", "UBND huyện An Phước"),
	("HML", "UBND huyện Mỹ Lợi"),
	("HTH", "UBND huyện Thạnh Hòa"),
	("HCT", "UBND huyện Cồn Tiên"),
]
CENTRAL_AGENCIES = [
	("CAT", "Công an tỉnh"),
	("BCHQS", "Bộ Chỉ huy Quân sự tỉnh"),
	("CTHUE", "Cục Thuế tỉnh"),
	("KBNN", "Kho bạc Nhà nước tỉnh"),
	("BHXH", "Bảo hiểm xã hội tỉnh"),
	("NHNN", "Ngân hàng Nhà nước chi nhánh tỉnh"),
]
# Agencies that also get an agency head user (lanhdao.<code>@demo.gov.vn)
AGENCIES_WITH_HEAD = ["SKHDT", "STC", "SXD", "SYT", "STNMT", "TPHA", "HLH", "CAT"]

SURNAMES = [
	"Nguyễn",
	"Trần",
	"Lê",
	"Phạm",
	"Hoàng",
	"Huỳnh",
	"Phan",
	"Vũ",
	"Võ",
	"Đặng",
	"Bùi",
	"Đỗ",
	"Hồ",
	"Ngô",
	"Dương",
	"Lý",
	"Trương",
	"Đinh",
	"Lâm",
	"Mai",
]
# Middle and given names by gender, so that names read naturally.
MALE_NAMES = (
	["Văn", "Minh", "Quốc", "Hoàng", "Đức", "Hữu", "Công", "Xuân", "Thanh"],
	[
		"An",
		"Bình",
		"Cường",
		"Dũng",
		"Hải",
		"Hiếu",
		"Hùng",
		"Khoa",
		"Long",
		"Nam",
		"Phong",
		"Quân",
		"Sơn",
		"Thắng",
		"Trung",
		"Tuấn",
		"Việt",
	],
)
FEMALE_NAMES = (
	["Thị", "Ngọc", "Thị Kim", "Thị Thu", "Thị Hồng", "Thanh", "Minh"],
	["Giang", "Hạnh", "Hòa", "Lan", "Linh", "Nga", "Nhung", "Phương", "Tâm", "Thảo", "Trang", "Vân", "Yến"],
)

# --------------------------------------------------------------------------------------------------
# Directives: sector, source type, document type, summary ({y} = year of issue), tasks.
# A task is (lead agency code, content, coordinating agency codes); lead "HUYEN" gives the same task to
# a few district People's Committees.
# --------------------------------------------------------------------------------------------------

OD, MC, LI = "Official Document", "Meeting Conclusion", "Leader Instruction"

DIRECTIVES = [
	(
		"KT",
		OD,
		"Official Letter",
		"Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {y}",
		[
			(
				"STC",
				"Rà soát, tham mưu điều chuyển kế hoạch vốn từ các dự án chậm giải ngân sang các dự án có khả năng giải ngân tốt.",
				["SKHDT", "KBNN"],
			),
			(
				"SKHDT",
				"Tổng hợp tình hình giải ngân vốn đầu tư công, báo cáo UBND tỉnh trước ngày 25 hằng tháng.",
				["STC"],
			),
			(
				"BQLDA",
				"Tập trung thi công, nghiệm thu khối lượng hoàn thành để giải ngân tối thiểu 60% kế hoạch vốn được giao.",
				[],
			),
			(
				"HUYEN",
				"Đẩy nhanh công tác bồi thường, giải phóng mặt bằng các dự án đầu tư công trên địa bàn.",
				[],
			),
		],
	),
	(
		"KT",
		MC,
		"Conclusion Notice",
		"Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Ban Quản lý các khu công nghiệp về tình hình thu hút đầu tư",
		[
			(
				"BQLKCN",
				"Xây dựng kế hoạch xúc tiến đầu tư vào các khu công nghiệp giai đoạn {y}-{y1}, trình UBND tỉnh.",
				["SKHDT", "SNGV"],
			),
			(
				"STNMT",
				"Hoàn thiện hồ sơ giao đất, cho thuê đất cho các nhà đầu tư thứ cấp tại Khu công nghiệp Phú Lâm.",
				["BQLKCN"],
			),
			("SXD", "Thẩm định thiết kế cơ sở hạ tầng kỹ thuật dự án mở rộng Khu công nghiệp Long Hưng.", []),
		],
	),
	(
		"KT",
		OD,
		"Directive",
		"Về tăng cường các biện pháp thu ngân sách nhà nước, chống thất thu thuế năm {y}",
		[
			(
				"CTHUE",
				"Triển khai các giải pháp chống thất thu thuế trong lĩnh vực thương mại điện tử, kinh doanh bất động sản.",
				["STC", "SCT"],
			),
			(
				"STC",
				"Theo dõi, đánh giá tiến độ thu ngân sách, đề xuất giải pháp điều hành chi ngân sách phù hợp.",
				["CTHUE"],
			),
			(
				"HUYEN",
				"Chỉ đạo các phòng chuyên môn phối hợp với Chi cục Thuế khu vực đôn đốc thu hồi nợ đọng thuế trên địa bàn.",
				[],
			),
		],
	),
	(
		"KT",
		OD,
		"Official Letter",
		"Về việc triển khai các giải pháp nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm {y}",
		[
			(
				"SKHDT",
				"Xây dựng kế hoạch cải thiện chỉ số PCI, phân công sở, ngành phụ trách từng chỉ số thành phần.",
				["SNV", "STP"],
			),
			(
				"STTTT",
				"Tổ chức khảo sát trực tuyến mức độ hài lòng của doanh nghiệp đối với cơ quan hành chính nhà nước.",
				["SKHDT"],
			),
			("SNV", "Đánh giá Chỉ số năng lực cạnh tranh cấp sở, ngành và địa phương (DDCI) năm {y}.", []),
		],
	),
	(
		"KT",
		OD,
		"Plan",
		"Kế hoạch tổ chức Hội nghị xúc tiến đầu tư tỉnh Hòa An năm {y}",
		[
			(
				"SKHDT",
				"Xây dựng danh mục dự án kêu gọi đầu tư năm {y}, trình UBND tỉnh phê duyệt.",
				["BQLKCN", "SCT"],
			),
			(
				"SVHTTDL",
				"Chuẩn bị chương trình văn nghệ, không gian trưng bày sản phẩm du lịch phục vụ Hội nghị.",
				[],
			),
			(
				"SNGV",
				"Mời các cơ quan đại diện ngoại giao, hiệp hội doanh nghiệp nước ngoài tham dự Hội nghị.",
				[],
			),
			("STC", "Bố trí kinh phí tổ chức Hội nghị xúc tiến đầu tư.", []),
		],
	),
	(
		"KT",
		LI,
		"Other",
		"Ý kiến chỉ đạo của Phó Chủ tịch UBND tỉnh về tháo gỡ khó khăn cho doanh nghiệp trong tiếp cận vốn tín dụng",
		[
			(
				"NHNN",
				"Chỉ đạo các tổ chức tín dụng trên địa bàn rà soát, cơ cấu lại thời hạn trả nợ cho doanh nghiệp gặp khó khăn.",
				[],
			),
			(
				"SKHDT",
				"Tổng hợp kiến nghị của doanh nghiệp về tiếp cận vốn tín dụng, báo cáo UBND tỉnh.",
				["NHNN"],
			),
		],
	),
	(
		"KT",
		OD,
		"Official Letter",
		"Về việc bảo đảm cân đối cung cầu, bình ổn thị trường hàng hóa dịp cuối năm và Tết Nguyên đán",
		[
			(
				"SCT",
				"Xây dựng kế hoạch dự trữ hàng hóa thiết yếu, tổ chức các điểm bán hàng bình ổn giá dịp Tết.",
				["STC"],
			),
			(
				"SCT",
				"Tăng cường kiểm tra, xử lý buôn lậu, gian lận thương mại, hàng giả, hàng kém chất lượng.",
				["CAT", "CTHUE"],
			),
			("HUYEN", "Kiểm tra, giám sát giá cả, bảo đảm cung ứng hàng hóa tại các chợ trên địa bàn.", []),
		],
	),
	(
		"KT",
		OD,
		"Decision",
		"Quyết định ban hành Kế hoạch chuyển đổi số tỉnh Hòa An năm {y}",
		[
			(
				"STTTT",
				"Hoàn thiện nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP), kết nối với hệ thống của các Bộ, ngành.",
				["SKHCN"],
			),
			(
				"SNV",
				"Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh.",
				["STTTT"],
			),
			(
				"HUYEN",
				"Nâng tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình lên tối thiểu 50%.",
				[],
			),
		],
	),
	(
		"KT",
		MC,
		"Conclusion Notice",
		"Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp đánh giá tình hình kinh tế - xã hội 9 tháng năm {y}",
		[
			(
				"SKHDT",
				"Dự báo khả năng hoàn thành các chỉ tiêu kinh tế - xã hội năm {y}, đề xuất giải pháp cho các chỉ tiêu khó đạt.",
				[],
			),
			(
				"SCT",
				"Đẩy mạnh xuất khẩu nông sản, thủy sản sang các thị trường có hiệp định thương mại tự do.",
				["SNNPTNT"],
			),
			("STC", "Rà soát các khoản chi chưa thực sự cần thiết để tiết kiệm chi thường xuyên.", []),
		],
	),
	# Xây dựng - Giao thông
	(
		"XD",
		OD,
		"Official Letter",
		"Về việc đẩy nhanh tiến độ dự án nâng cấp, mở rộng đường tỉnh 864 đoạn qua huyện Long Hưng",
		[
			(
				"SGTVT",
				"Đôn đốc nhà thầu tăng cường nhân lực, thiết bị, bảo đảm hoàn thành dự án đúng tiến độ.",
				["BQLDA"],
			),
			("HLH", "Hoàn thành bàn giao phần mặt bằng còn lại của dự án cho chủ đầu tư.", ["STNMT"]),
			("STC", "Thẩm định phương án bồi thường, hỗ trợ bổ sung cho các hộ dân bị ảnh hưởng.", []),
		],
	),
	(
		"XD",
		MC,
		"Conclusion Notice",
		"Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác quản lý trật tự xây dựng trên địa bàn tỉnh",
		[
			(
				"SXD",
				"Tham mưu sửa đổi quy định phân cấp quản lý trật tự xây dựng trên địa bàn tỉnh.",
				["STP"],
			),
			(
				"HUYEN",
				"Kiểm tra, xử lý dứt điểm các công trình xây dựng trái phép, sai phép trên địa bàn.",
				[],
			),
			(
				"TTT",
				"Thanh tra việc cấp giấy phép xây dựng tại UBND thành phố Hòa An giai đoạn {y0}-{y}.",
				["SXD"],
			),
		],
	),
	(
		"XD",
		OD,
		"Directive",
		"Về tăng cường bảo đảm trật tự, an toàn giao thông dịp lễ, Tết và mùa lễ hội",
		[
			(
				"CAT",
				"Tăng cường tuần tra, kiểm soát, xử lý nghiêm vi phạm nồng độ cồn, tốc độ, chở quá tải trọng.",
				["SGTVT"],
			),
			(
				"SGTVT",
				"Kiểm tra điều kiện an toàn của phương tiện kinh doanh vận tải hành khách, bến xe, bến khách ngang sông.",
				["CAT"],
			),
			("STTTT", "Đẩy mạnh tuyên truyền về an toàn giao thông trên báo, đài và mạng xã hội.", []),
		],
	),
	(
		"XD",
		OD,
		"Official Letter",
		"Về việc khắc phục sạt lở, hư hỏng các tuyến đường giao thông nông thôn sau mùa mưa lũ",
		[
			("SGTVT", "Khảo sát, lập danh mục các tuyến đường, cầu cần sửa chữa khẩn cấp.", ["SNNPTNT"]),
			("HUYEN", "Cắm biển cảnh báo, tổ chức phân luồng giao thông tại các vị trí sạt lở.", []),
			("STC", "Tham mưu bố trí nguồn dự phòng ngân sách tỉnh để khắc phục hậu quả.", ["SGTVT"]),
		],
	),
	(
		"XD",
		OD,
		"Plan",
		"Kế hoạch phát triển nhà ở xã hội trên địa bàn tỉnh giai đoạn {y}-2030",
		[
			(
				"SXD",
				"Xác định quỹ đất dành cho nhà ở xã hội tại các khu đô thị, khu công nghiệp.",
				["STNMT", "BQLKCN"],
			),
			("SKHDT", "Kêu gọi nhà đầu tư thực hiện dự án nhà ở xã hội tại Khu đô thị mới Phú Lâm.", ["SXD"]),
			("TPHA", "Rà soát các dự án nhà ở thương mại phải dành 20% quỹ đất xây dựng nhà ở xã hội.", []),
		],
	),
	(
		"XD",
		LI,
		"Other",
		"Ý kiến chỉ đạo của Phó Chủ tịch UBND tỉnh về xử lý vướng mắc trong quyết toán dự án hoàn thành",
		[
			("STC", "Thẩm tra, phê duyệt quyết toán các dự án hoàn thành tồn đọng trên 24 tháng.", ["KBNN"]),
			("BQLDA", "Hoàn thiện hồ sơ quyết toán các dự án đã hoàn thành, đưa vào sử dụng.", []),
		],
	),
	(
		"XD",
		OD,
		"Official Letter",
		"Về việc triển khai dự án đầu tư xây dựng cầu Tân Thạnh",
		[
			(
				"SGTVT",
				"Hoàn chỉnh báo cáo nghiên cứu khả thi dự án cầu Tân Thạnh, trình thẩm định.",
				["SKHDT"],
			),
			(
				"HTT",
				"Thông báo thu hồi đất, kiểm đếm hiện trạng phục vụ giải phóng mặt bằng dự án.",
				["STNMT"],
			),
			("STNMT", "Thẩm định giá đất cụ thể làm căn cứ bồi thường dự án cầu Tân Thạnh.", []),
		],
	),
	(
		"XD",
		MC,
		"Conclusion Notice",
		"Kết luận tại cuộc họp về tiến độ lập quy hoạch chung đô thị Hòa An đến năm 2045",
		[
			(
				"SXD",
				"Hoàn thiện hồ sơ điều chỉnh quy hoạch chung đô thị Hòa An, trình Hội đồng thẩm định.",
				["TPHA"],
			),
			("TPHA", "Tổ chức lấy ý kiến cộng đồng dân cư về đồ án quy hoạch.", []),
		],
	),
	# Văn hóa - Xã hội
	(
		"VHXH",
		OD,
		"Official Letter",
		"Về việc chuẩn bị tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm {y}",
		[
			(
				"SGDDT",
				"Xây dựng phương án tổ chức Kỳ thi, bố trí điểm thi, lực lượng coi thi, chấm thi.",
				["CAT", "SYT"],
			),
			(
				"CAT",
				"Bảo đảm an ninh, an toàn tuyệt đối trong vận chuyển, bảo quản đề thi, bài thi.",
				["SGDDT"],
			),
			("SYT", "Bố trí cán bộ y tế trực tại các điểm thi, bảo đảm an toàn thực phẩm cho thí sinh.", []),
			("HUYEN", "Hỗ trợ chỗ ăn, nghỉ, phương tiện đi lại cho thí sinh có hoàn cảnh khó khăn.", []),
		],
	),
	(
		"VHXH",
		OD,
		"Directive",
		"Về tăng cường công tác phòng, chống dịch bệnh sốt xuất huyết, tay chân miệng",
		[
			(
				"SYT",
				"Giám sát chặt chẽ, phát hiện sớm ổ dịch, xử lý kịp thời, không để dịch lan rộng.",
				["SGDDT"],
			),
			("SGDDT", "Chỉ đạo các trường học tổ chức vệ sinh, diệt lăng quăng, bọ gậy định kỳ.", ["SYT"]),
			(
				"HUYEN",
				"Tổ chức chiến dịch vệ sinh môi trường, diệt lăng quăng tại các xã, phường, thị trấn.",
				[],
			),
		],
	),
	(
		"VHXH",
		OD,
		"Plan",
		"Kế hoạch tổ chức các hoạt động kỷ niệm Ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam",
		[
			(
				"SVHTTDL",
				"Tổ chức chương trình nghệ thuật, trang trí cổ động trực quan tại trung tâm tỉnh.",
				["STTTT"],
			),
			("SNV", "Tham mưu khen thưởng các tập thể, cá nhân có thành tích tiêu biểu.", []),
			("STC", "Bố trí kinh phí tổ chức các hoạt động kỷ niệm.", []),
		],
	),
	(
		"VHXH",
		OD,
		"Official Letter",
		"Về việc chăm lo Tết cho gia đình chính sách, hộ nghèo, người có hoàn cảnh khó khăn",
		[
			("SLDTBXH", "Tổng hợp danh sách, tham mưu mức quà tặng của Chủ tịch nước và UBND tỉnh.", ["STC"]),
			("HUYEN", "Tổ chức thăm, tặng quà, bảo đảm mọi người, mọi nhà đều được vui Xuân, đón Tết.", []),
			("BDT", "Thăm, chúc Tết người có uy tín trong đồng bào dân tộc thiểu số.", []),
		],
	),
	(
		"VHXH",
		OD,
		"Decision",
		"Quyết định phê duyệt Đề án phát triển du lịch tỉnh Hòa An giai đoạn {y}-2030",
		[
			("SVHTTDL", "Xây dựng bộ sản phẩm du lịch đặc trưng gắn với miệt vườn, sông nước.", ["SNNPTNT"]),
			("SKHDT", "Kêu gọi đầu tư các khu, điểm du lịch trọng điểm của tỉnh.", ["SVHTTDL"]),
			("HCT", "Đầu tư hạ tầng Khu du lịch sinh thái Cồn Tiên theo quy hoạch được duyệt.", []),
		],
	),
	(
		"VHXH",
		MC,
		"Conclusion Notice",
		"Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về công tác bảo hiểm xã hội, bảo hiểm y tế",
		[
			(
				"BHXH",
				"Đôn đốc thu hồi nợ đọng bảo hiểm xã hội, bảo hiểm y tế của các doanh nghiệp.",
				["SLDTBXH", "CAT"],
			),
			(
				"SLDTBXH",
				"Thanh tra việc chấp hành pháp luật về bảo hiểm xã hội tại các doanh nghiệp nợ kéo dài.",
				["BHXH"],
			),
			("HUYEN", "Phấn đấu đạt tỷ lệ bao phủ bảo hiểm y tế theo chỉ tiêu được giao.", []),
		],
	),
	(
		"VHXH",
		OD,
		"Official Letter",
		"Về việc rà soát, sắp xếp các trường học có quy mô nhỏ, điểm trường lẻ",
		[
			("SGDDT", "Xây dựng phương án sắp xếp mạng lưới trường, lớp trình UBND tỉnh.", ["SNV"]),
			("HUYEN", "Rà soát điểm trường lẻ, đề xuất phương án sáp nhập phù hợp thực tế địa phương.", []),
		],
	),
	(
		"VHXH",
		LI,
		"Other",
		"Ý kiến chỉ đạo của Phó Chủ tịch UBND tỉnh về phản ánh của báo chí về tình trạng quá tải tại Bệnh viện Đa khoa tỉnh",
		[
			(
				"SYT",
				"Kiểm tra, báo cáo nguyên nhân quá tải và phương án phân luồng, giảm tải người bệnh.",
				[],
			),
			("STTTT", "Theo dõi thông tin báo chí, phối hợp cung cấp thông tin kết quả xử lý.", ["SYT"]),
		],
	),
	(
		"VHXH",
		OD,
		"Plan",
		"Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm {y}",
		[
			("SLDTBXH", "Hướng dẫn rà soát hộ nghèo, hộ cận nghèo theo chuẩn nghèo đa chiều.", []),
			("HUYEN", "Giảm tỷ lệ hộ nghèo trên địa bàn theo chỉ tiêu được giao.", []),
			(
				"NHNN",
				"Chỉ đạo Ngân hàng Chính sách xã hội ưu tiên cho vay hộ nghèo, hộ mới thoát nghèo.",
				["SLDTBXH"],
			),
		],
	),
	(
		"VHXH",
		OD,
		"Official Letter",
		"Về việc tổ chức Tháng hành động vì trẻ em và phòng, chống đuối nước trẻ em",
		[
			("SLDTBXH", "Tổ chức các hoạt động hưởng ứng Tháng hành động vì trẻ em năm {y}.", ["SGDDT"]),
			("SVHTTDL", "Mở các lớp dạy bơi an toàn cho trẻ em trong dịp hè.", ["SGDDT"]),
		],
	),
	# Nội chính
	(
		"NC",
		OD,
		"Directive",
		"Về tăng cường kỷ luật, kỷ cương hành chính, chấn chỉnh tình trạng né tránh, đùn đẩy trách nhiệm",
		[
			("SNV", "Kiểm tra công vụ đột xuất tại các cơ quan, đơn vị có nhiều hồ sơ trễ hạn.", ["TTT"]),
			(
				"HUYEN",
				"Rà soát, xử lý trách nhiệm cán bộ, công chức vi phạm kỷ luật, kỷ cương hành chính.",
				[],
			),
		],
	),
	(
		"NC",
		MC,
		"Conclusion Notice",
		"Kết luận của Chủ tịch UBND tỉnh tại buổi tiếp công dân định kỳ",
		[
			(
				"TPHA",
				"Giải quyết dứt điểm khiếu nại của bà Nguyễn Thị L. về bồi thường đất tại phường 5.",
				["STNMT"],
			),
			(
				"TTT",
				"Kiểm tra, xác minh nội dung đơn tố cáo của ông Trần Văn B., báo cáo Chủ tịch UBND tỉnh.",
				[],
			),
			(
				"HVT",
				"Trả lời kiến nghị của các hộ dân xã Vĩnh Lợi về ô nhiễm tiếng ồn từ cơ sở sản xuất.",
				["STNMT"],
			),
		],
	),
	(
		"NC",
		OD,
		"Official Letter",
		"Về việc triển khai công tác phòng, chống tham nhũng, tiêu cực năm {y}",
		[
			(
				"TTT",
				"Thanh tra trách nhiệm thực hiện pháp luật về phòng, chống tham nhũng tại một số sở, ngành.",
				[],
			),
			("SNV", "Thực hiện chuyển đổi vị trí công tác đối với cán bộ, công chức theo quy định.", []),
			("HUYEN", "Kiểm soát tài sản, thu nhập của người có chức vụ, quyền hạn theo kế hoạch.", []),
		],
	),
	(
		"NC",
		OD,
		"Plan",
		"Kế hoạch tổ chức các hoạt động hưởng ứng Ngày Pháp luật Việt Nam năm {y}",
		[
			("STP", "Tổ chức cuộc thi tìm hiểu pháp luật trực tuyến trên địa bàn tỉnh.", ["STTTT"]),
			("HUYEN", "Tổ chức tuyên truyền, phổ biến pháp luật tại cơ sở.", []),
		],
	),
	(
		"NC",
		OD,
		"Official Letter",
		"Về việc bảo đảm an ninh, trật tự tại các khu công nghiệp, cụm công nghiệp",
		[
			(
				"CAT",
				"Nắm tình hình, phòng ngừa, xử lý các vụ tranh chấp lao động, đình công tự phát.",
				["BQLKCN", "SLDTBXH"],
			),
			("BQLKCN", "Hướng dẫn doanh nghiệp thực hiện đầy đủ chế độ cho người lao động.", ["SLDTBXH"]),
		],
	),
	(
		"NC",
		OD,
		"Decision",
		"Quyết định giao chỉ tiêu tuyển chọn và gọi công dân nhập ngũ năm {y1}",
		[
			(
				"BCHQS",
				"Hướng dẫn, kiểm tra công tác tuyển quân, bảo đảm giao quân đạt 100% chỉ tiêu.",
				["CAT", "SYT"],
			),
			("SYT", "Tổ chức khám sức khỏe nghĩa vụ quân sự đúng quy định.", ["BCHQS"]),
			("HUYEN", "Tổ chức tuyển chọn, gọi công dân nhập ngũ đủ chỉ tiêu được giao.", []),
		],
	),
	(
		"NC",
		OD,
		"Official Letter",
		"Về việc rà soát, cắt giảm thời gian giải quyết thủ tục hành chính",
		[
			(
				"STP",
				"Rà soát, kiến nghị đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý của tỉnh.",
				["SNV"],
			),
			("SNV", "Công bố danh mục thủ tục hành chính được cắt giảm thời gian giải quyết.", ["STP"]),
		],
	),
	(
		"NC",
		LI,
		"Other",
		"Ý kiến chỉ đạo của Chủ tịch UBND tỉnh về giải quyết vụ việc khiếu nại đông người tại huyện An Phước",
		[
			(
				"HAP",
				"Tổ chức đối thoại, giải quyết dứt điểm khiếu nại của các hộ dân dự án Khu dân cư An Phước.",
				["TTT", "STNMT"],
			),
			("CAT", "Bảo đảm an ninh, trật tự trong quá trình giải quyết khiếu nại.", []),
		],
	),
	(
		"NC",
		OD,
		"Plan",
		"Kế hoạch sắp xếp đơn vị hành chính cấp xã trên địa bàn tỉnh",
		[
			(
				"SNV",
				"Xây dựng đề án sắp xếp đơn vị hành chính cấp xã, trình Hội đồng nhân dân tỉnh.",
				["STP"],
			),
			("HUYEN", "Lấy ý kiến cử tri về phương án sắp xếp đơn vị hành chính cấp xã.", []),
			("STC", "Hướng dẫn xử lý tài sản, trụ sở dôi dư sau sắp xếp.", []),
		],
	),
	# Tài nguyên - Môi trường
	(
		"TNMT",
		OD,
		"Directive",
		"Về tăng cường quản lý hoạt động khai thác cát, sỏi lòng sông",
		[
			(
				"STNMT",
				"Rà soát các giấy phép khai thác cát, kiểm tra việc chấp hành quy định của các mỏ.",
				["CAT", "SGTVT"],
			),
			("CAT", "Đấu tranh, xử lý các đối tượng khai thác cát trái phép trên sông Hòa An.", ["STNMT"]),
			("HUYEN", "Giám sát, ngăn chặn khai thác cát trái phép trên địa bàn.", []),
		],
	),
	(
		"TNMT",
		OD,
		"Official Letter",
		"Về việc xử lý ô nhiễm môi trường tại Cụm công nghiệp Bình Đông",
		[
			(
				"STNMT",
				"Kiểm tra, quan trắc chất lượng nước thải của các doanh nghiệp trong cụm công nghiệp.",
				["SCT"],
			),
			(
				"HBD",
				"Đầu tư hoàn thiện hệ thống xử lý nước thải tập trung của Cụm công nghiệp Bình Đông.",
				["SCT"],
			),
		],
	),
	(
		"TNMT",
		OD,
		"Plan",
		"Kế hoạch thu gom, vận chuyển, xử lý chất thải rắn sinh hoạt trên địa bàn tỉnh",
		[
			("STNMT", "Hướng dẫn phân loại chất thải rắn sinh hoạt tại nguồn.", []),
			("SXD", "Đẩy nhanh tiến độ dự án Nhà máy xử lý chất thải rắn tập trung của tỉnh.", ["STNMT"]),
			("HUYEN", "Nâng tỷ lệ thu gom chất thải rắn sinh hoạt ở nông thôn.", []),
		],
	),
	(
		"TNMT",
		MC,
		"Conclusion Notice",
		"Kết luận của Phó Chủ tịch UBND tỉnh về công tác cấp giấy chứng nhận quyền sử dụng đất lần đầu",
		[
			("STNMT", "Chỉ đạo Văn phòng Đăng ký đất đai rút ngắn thời gian cấp giấy chứng nhận.", []),
			("HUYEN", "Giải quyết dứt điểm hồ sơ cấp giấy chứng nhận lần đầu tồn đọng.", []),
		],
	),
	(
		"TNMT",
		OD,
		"Official Letter",
		"Về việc triển khai thi hành Luật Đất đai và các văn bản quy định chi tiết",
		[
			(
				"STNMT",
				"Tham mưu ban hành các quy định thuộc thẩm quyền của UBND tỉnh theo Luật Đất đai.",
				["STP"],
			),
			("STC", "Chủ trì xây dựng hệ số điều chỉnh giá đất năm {y1}.", ["STNMT"]),
			("STTTT", "Tuyên truyền, phổ biến các điểm mới của Luật Đất đai.", []),
		],
	),
	(
		"TNMT",
		LI,
		"Other",
		"Ý kiến chỉ đạo của Phó Chủ tịch UBND tỉnh về xử lý tình trạng lấn chiếm hành lang bảo vệ sông Hòa An",
		[
			("TPHA", "Thống kê, xử lý các công trình lấn chiếm hành lang bảo vệ bờ sông.", ["STNMT"]),
			("STNMT", "Công bố hành lang bảo vệ nguồn nước sông Hòa An.", []),
		],
	),
	(
		"TNMT",
		OD,
		"Official Letter",
		"Về việc kiểm kê đất đai, lập bản đồ hiện trạng sử dụng đất",
		[
			("STNMT", "Hướng dẫn chuyên môn, kiểm tra kết quả kiểm kê đất đai cấp huyện.", []),
			("HUYEN", "Hoàn thành kiểm kê đất đai, gửi kết quả về Sở Tài nguyên và Môi trường.", []),
		],
	),
	# Nông nghiệp
	(
		"NN",
		OD,
		"Official Letter",
		"Về việc chủ động phòng, chống hạn hán, xâm nhập mặn mùa khô {y}-{y1}",
		[
			(
				"SNNPTNT",
				"Vận hành hệ thống cống ngăn mặn, trữ ngọt; cập nhật thông tin độ mặn hằng ngày.",
				["STNMT"],
			),
			("HUYEN", "Gia cố đê bao, tích trữ nước ngọt phục vụ sản xuất và sinh hoạt.", []),
		],
	),
	(
		"NN",
		OD,
		"Directive",
		"Về tăng cường phòng, chống bệnh Dịch tả lợn châu Phi",
		[
			("SNNPTNT", "Cung ứng vắc xin, hướng dẫn tiêm phòng và giám sát dịch bệnh trên đàn lợn.", []),
			(
				"CAT",
				"Kiểm soát chặt việc vận chuyển lợn, sản phẩm từ lợn không rõ nguồn gốc.",
				["SNNPTNT", "SCT"],
			),
			("HUYEN", "Tiêu hủy lợn bệnh đúng quy định, tổ chức chốt kiểm dịch tạm thời.", []),
		],
	),
	(
		"NN",
		OD,
		"Plan",
		"Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {y}",
		[
			(
				"SNNPTNT",
				"Hướng dẫn, thẩm định hồ sơ công nhận xã đạt chuẩn nông thôn mới nâng cao.",
				["SKHDT"],
			),
			("HUYEN", "Hoàn thành các tiêu chí xã nông thôn mới nâng cao theo kế hoạch.", []),
		],
	),
	(
		"NN",
		OD,
		"Official Letter",
		"Về việc chống khai thác hải sản bất hợp pháp, không báo cáo và không theo quy định (IUU)",
		[
			(
				"SNNPTNT",
				"Kiểm soát 100% tàu cá ra vào cảng, xử lý tàu mất kết nối thiết bị giám sát hành trình.",
				["BCHQS"],
			),
			("BCHQS", "Tuần tra, kiểm soát, ngăn chặn tàu cá vi phạm vùng biển nước ngoài.", ["CAT"]),
			("HCT", "Quản lý chặt chẽ tàu cá, ngư dân trên địa bàn.", []),
		],
	),
	(
		"NN",
		MC,
		"Conclusion Notice",
		"Kết luận của Phó Chủ tịch UBND tỉnh về phát triển vùng nguyên liệu lúa chất lượng cao gắn với tiêu thụ",
		[
			("SNNPTNT", "Xây dựng vùng sản xuất lúa chất lượng cao, phát thải thấp.", ["SKHCN"]),
			("SCT", "Kết nối doanh nghiệp bao tiêu lúa gạo với hợp tác xã.", ["SNNPTNT"]),
			("HUYEN", "Vận động nông dân tham gia liên kết sản xuất theo chuỗi giá trị.", []),
		],
	),
	(
		"NN",
		OD,
		"Decision",
		"Quyết định phê duyệt Phương án ứng phó thiên tai theo các cấp độ rủi ro năm {y}",
		[
			("BCHQS", "Chuẩn bị lực lượng, phương tiện sẵn sàng tham gia cứu hộ, cứu nạn.", []),
			("SNNPTNT", "Kiểm tra an toàn hệ thống đê điều, công trình thủy lợi trước mùa mưa bão.", []),
			("HUYEN", "Rà soát phương án sơ tán dân ở vùng nguy cơ sạt lở, ngập sâu.", []),
		],
	),
	(
		"NN",
		OD,
		"Official Letter",
		"Về việc triển khai Chương trình Mỗi xã một sản phẩm (OCOP) năm {y}",
		[
			("SNNPTNT", "Tổ chức đánh giá, phân hạng sản phẩm OCOP cấp tỉnh đợt {n}.", ["SCT", "SKHCN"]),
			("SCT", "Hỗ trợ chủ thể OCOP đưa sản phẩm lên sàn thương mại điện tử.", []),
		],
	),
	(
		"NN",
		LI,
		"Other",
		"Ý kiến chỉ đạo của Phó Chủ tịch UBND tỉnh về hỗ trợ tiêu thụ trái cây cho nông dân khi giá giảm",
		[
			("SCT", "Làm việc với doanh nghiệp thu mua, xuất khẩu để hỗ trợ tiêu thụ trái cây.", ["SNNPTNT"]),
			("SNNPTNT", "Hướng dẫn nông dân điều chỉnh thời vụ, nâng cao chất lượng trái cây xuất khẩu.", []),
		],
	),
	(
		"NN",
		OD,
		"Official Letter",
		"Về việc trồng cây xanh, trồng và bảo vệ rừng phòng hộ ven biển",
		[
			("SNNPTNT", "Xây dựng kế hoạch trồng mới rừng phòng hộ ven biển.", ["STNMT"]),
			("HCT", "Giao khoán bảo vệ rừng cho hộ dân, xử lý vi phạm lấn chiếm đất rừng.", []),
		],
	),
]

# --------------------------------------------------------------------------------------------------
# Texts for reports, reasons and decisions
# --------------------------------------------------------------------------------------------------

REPORT_TEXTS = [
	"Đơn vị đã tổ chức họp triển khai, phân công lãnh đạo và chuyên viên phụ trách; đang tổng hợp số liệu, xây dựng dự thảo kế hoạch.",
	"Đã ban hành văn bản hướng dẫn, đôn đốc các đơn vị liên quan; đang phối hợp kiểm tra thực tế tại cơ sở.",
	"Đã hoàn thành khảo sát, rà soát; dự thảo báo cáo đang lấy ý kiến các cơ quan phối hợp.",
	"Đã thực hiện được phần lớn khối lượng công việc; đang hoàn thiện hồ sơ, thủ tục theo quy định.",
]
FINAL_REPORT_TEXTS = [
	"Đơn vị đã hoàn thành nhiệm vụ được giao; kết quả cụ thể được nêu trong báo cáo đính kèm.",
	"Đã hoàn thành nhiệm vụ, ban hành văn bản và gửi kết quả về Văn phòng UBND tỉnh để tổng hợp.",
	"Nhiệm vụ đã hoàn thành; đơn vị đã báo cáo kết quả và đề xuất giải pháp duy trì trong thời gian tới.",
]
DIFFICULTIES = [
	"Nguồn kinh phí bố trí còn chậm.",
	"Việc phối hợp cung cấp số liệu của một số đơn vị chưa kịp thời.",
	"Một số hộ dân chưa đồng thuận với phương án bồi thường.",
	"Nhân lực chuyên môn của đơn vị còn thiếu.",
	"",
]
PROPOSALS = [
	"Đề nghị UBND tỉnh chỉ đạo các sở, ngành phối hợp cung cấp thông tin kịp thời.",
	"Đề nghị Sở Tài chính sớm tham mưu bố trí kinh phí.",
	"",
]
REFUSE_REASONS = [
	"Nội dung nhiệm vụ không thuộc chức năng, nhiệm vụ của đơn vị; đề nghị giao cơ quan quản lý chuyên ngành chủ trì.",
	"Nhiệm vụ trùng với nhiệm vụ đã được giao tại văn bản khác; đề nghị Văn phòng UBND tỉnh rà soát lại.",
	"Đơn vị chỉ có thể tham gia phối hợp, không đủ thẩm quyền chủ trì thực hiện.",
]
RETURN_REASONS = [
	"Báo cáo chưa có số liệu cụ thể, đề nghị bổ sung kết quả thực hiện và văn bản kèm theo.",
	"Kết quả chưa đáp ứng yêu cầu chỉ đạo, đề nghị đơn vị tiếp tục thực hiện.",
	"Chưa có ý kiến của các cơ quan phối hợp, đề nghị hoàn thiện lại.",
]
SUSPEND_REASONS = [
	"Tạm hoãn để chờ hướng dẫn của Bộ, ngành Trung ương.",
	"Tạm dừng theo ý kiến chỉ đạo của Chủ tịch UBND tỉnh, chờ điều chỉnh chủ trương đầu tư.",
	"Chờ Hội đồng nhân dân tỉnh thông qua nghị quyết liên quan.",
]
CANCEL_REASONS = [
	"Nhiệm vụ đã được thay thế bởi văn bản chỉ đạo mới.",
	"Giao trùng nhiệm vụ, thu hồi theo đề nghị của Văn phòng UBND tỉnh.",
	"Không còn cần thiết thực hiện do thay đổi quy định của pháp luật.",
]
EXTENSION_REASONS = [
	"Nhiệm vụ phức tạp, cần thêm thời gian lấy ý kiến các sở, ngành và địa phương.",
	"Chờ kết quả thẩm định của cơ quan chuyên môn.",
	"Khối lượng công việc lớn, thời tiết mưa bão kéo dài ảnh hưởng tiến độ.",
	"Đơn vị phối hợp chậm cung cấp số liệu.",
]
APPROVE_NOTES = [
	"Đồng ý gia hạn theo đề xuất.",
	"Đồng ý gia hạn; đề nghị đơn vị hoàn thành đúng thời hạn mới.",
	"",
]
REFUSE_NOTES = [
	"Không đồng ý gia hạn; đề nghị đơn vị tập trung hoàn thành theo thời hạn đã giao.",
	"Lý do gia hạn chưa thuyết phục, đề nghị khẩn trương thực hiện.",
]

DOC_TYPE_SYMBOL = {
	"Decision": "QĐ-UBND",
	"Directive": "CT-UBND",
	"Conclusion Notice": "TB-UBND",
	"Plan": "KH-UBND",
	"Report": "BC-UBND",
}

STATES = [
	"Draft",
	"Assigned",
	"In Progress",
	"Pending Review",
	"Returned",
	"Refused",
	"Suspended",
	"Completed",
	"Cancelled",
]


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def setup_demo():
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	setup_system_settings()
	ensure_outbox()
	create_office_users()
	setup_directive_settings()
	create_sectors()
	create_agencies()
	frappe.db.commit()
	if frappe.db.exists("Directive", {"tracking_officer": ["like", f"%@{DOMAIN}"]}):
		print("Demo directives already exist; nothing added.")
	else:
		DemoTasks(random.Random(SEED)).run()
		create_reminder_history(random.Random(SEED + 2))
		frappe.db.commit()
	print_summary()


def ensure_outbox():
	"""The office's outgoing mailbox, awaiting its password: notifications queue up in the Email Queue
	until IT enters the real mail server."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1}):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Văn phòng UBND tỉnh",
			"email_id": f"vanphong@{DOMAIN}",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"awaiting_password": 1,
			"smtp_server": f"mail.{DOMAIN}",
			"smtp_port": 587,
			"use_tls": 1,
		}
	).insert(ignore_permissions=True)


def setup_directive_settings():
	"""The weekly digest goes to the Chairman, the Vice-Chairmen and the office leader, on Mondays."""
	settings = frappe.get_single("Directive Settings")
	settings.digest_weekday = "Monday"
	settings.set(
		"digest_recipients", [{"user": u} for u in (CHAIRMAN, VICE_1, VICE_2, VICE_3, OFFICE_LEADER)]
	)
	settings.save()


def create_reminder_history(rng):
	"""Four weeks of the daily reminder job (recorded as sent at 7:00), a few reminders by the tracking
	officers, and the last weekly digest."""
	from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
	from chidao_dieuhanh.digest import make_digest
	from chidao_dieuhanh.reminders import record_due_reminders, remind_task

	calendar = get_calendar()
	current = getdate(today())
	for offset in range(28, 0, -1):
		day = add_days(current, -offset)
		if calendar.is_working_day(day):
			record_due_reminders(day)
	frappe.db.sql(
		"""update `tabTask Reminder` set status = 'Sent', sent_on = timestamp(reminder_date, '07:00:00'),
		creation = timestamp(reminder_date, '07:00:00'), modified = timestamp(reminder_date, '07:00:00')
		where status = 'Queued'"""
	)
	overdue = frappe.get_all(
		"Directive Task",
		filters={"deadline_status": "Overdue", "workflow_state": ["in", ["Assigned", "In Progress"]]},
		fields=["name", "tracking_officer"],
		order_by="deadline asc",
		limit=4,
	)
	messages = [
		"Đề nghị đơn vị báo cáo kết quả trước ngày 30 trong tháng.",
		"Lãnh đạo UBND tỉnh yêu cầu khẩn trương hoàn thành, báo cáo bằng văn bản.",
	]
	for i, task in enumerate(overdue):
		frappe.set_user(task.tracking_officer or "Administrator")
		remind_task(task.name, rng.choice(messages), notify_head=i % 2 == 0)
	frappe.set_user("Administrator")
	monday = add_days(current, -current.weekday())
	recipients = frappe.get_all(
		"User", filters={"name": ["in", [CHAIRMAN, VICE_1, VICE_2, VICE_3, OFFICE_LEADER]]}, pluck="email"
	)
	make_digest(monday, recipients)
	print(f"Recorded {frappe.db.count('Task Reminder')} reminders and the digest of {monday}.")


def setup_system_settings():
	settings = frappe.get_single("System Settings")
	settings.language = "vi"
	settings.time_zone = "Asia/Ho_Chi_Minh"
	settings.date_format = "dd-mm-yyyy"
	settings.country = "Vietnam"
	settings.number_format = "#.###,##"
	settings.first_day_of_the_week = "Monday"
	# The demo configures the site itself: do not send its users to the setup wizard.
	settings.setup_complete = 1
	settings.save()


def ensure_user(email, full_name, roles):
	if frappe.db.exists("User", email):
		return email
	user = frappe.new_doc("User")
	user.update(
		{
			"email": email,
			"first_name": full_name,
			"send_welcome_email": 0,
			"language": "vi",
			"time_zone": "Asia/Ho_Chi_Minh",
			"user_type": "System User",
			"new_password": DEMO_PASSWORD,
		}
	)
	for role in roles:
		user.append("roles", {"role": role})
	user.insert(ignore_permissions=True)
	return email


def create_office_users():
	for email, name, roles, _what in OFFICE_USERS:
		ensure_user(email, name, roles)


def create_sectors():
	for code, name, vice_chairman, _officer, _suffix in SECTORS:
		if frappe.db.exists("Sector", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Sector",
				"sector_name": name,
				"sector_code": code,
				"vice_chairman": vice_chairman,
				"description": SECTOR_DESCRIPTIONS[code],
			}
		).insert(ignore_permissions=True)


def focal_email(code):
	return f"{code.lower()}@{DOMAIN}"


def head_email(code):
	return f"lanhdao.{code.lower()}@{DOMAIN}"


def person_names():
	"""Deterministic, distinct Vietnamese names for the agency users."""
	rng = random.Random(SEED + 1)
	seen = {u[1] for u in OFFICE_USERS}
	while True:
		middle, given = rng.choice([MALE_NAMES, FEMALE_NAMES])
		name = f"{rng.choice(SURNAMES)} {rng.choice(middle)} {rng.choice(given)}"
		if name not in seen:
			seen.add(name)
			yield name


def ensure_agency(name, parent=None, is_group=0, code=None, agency_type="Other", users=(), head=None):
	if frappe.db.exists("Agency", name):
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Agency",
			"agency_name": name,
			"agency_code": code,
			"agency_type": agency_type,
			"parent_agency": parent,
			"is_group": is_group,
			"email": focal_email(code) if code and not is_group else None,
			"head_user": head,
		}
	)
	for user in users:
		doc.append("users", {"user": user})
	doc.insert(ignore_permissions=True)
	return name


def create_agencies():
	names = person_names()
	ensure_agency(ROOT_AGENCY, is_group=1, code="UBND")
	groups = [
		(GROUP_DEPARTMENTS, "SBN", "Department", DEPARTMENTS),
		(GROUP_DISTRICTS, "CAPHUYEN", "District People's Committee", DISTRICTS),
		(GROUP_CENTRAL, "TW", "Central Agency", CENTRAL_AGENCIES),
	]
	for group, group_code, agency_type, members in groups:
		ensure_agency(group, parent=ROOT_AGENCY, is_group=1, code=group_code, agency_type=agency_type)
		for code, name in members:
			focal = ensure_user(focal_email(code), next(names), ["Agency Focal Point"])
			head = None
			if code in AGENCIES_WITH_HEAD:
				head = ensure_user(head_email(code), next(names), ["Agency Head"])
			ensure_agency(name, parent=group, code=code, agency_type=agency_type, users=[focal], head=head)


def agency_by_code():
	return {code: name for code, name in DEPARTMENTS + DISTRICTS + CENTRAL_AGENCIES}


# --------------------------------------------------------------------------------------------------
# Directives and tasks
# --------------------------------------------------------------------------------------------------


def at(day, hour=8, minute=0):
	return datetime.combine(getdate(day), time(hour, minute))


class DemoTasks:
	def __init__(self, rng):
		self.rng = rng
		self.today = getdate(today())
		self.due_soon = due_soon_days()
		self.agencies = agency_by_code()
		self.sectors = {s[0]: s for s in SECTORS}
		self.districts = [code for code, _name in DISTRICTS]
		self.doc_numbers = {}
		self.stats = {"tasks": 0, "reports": 0, "extensions": 0}

	# ---------------------------------------------------------------- helpers
	def day(self, offset):
		return add_days(self.today, offset)

	def between(self, start, end):
		"""A random date in [start, end] (end is clamped to today; start after end gives end)."""
		start, end = getdate(start), min(getdate(end), self.today)
		if start >= end:
			return end
		return add_days(start, self.rng.randint(0, (end - start).days))

	def pick(self, weights):
		items = list(weights)
		return self.rng.choices(items, weights=[weights[i] for i in items])[0]

	# ---------------------------------------------------------------- directives
	def run(self):
		count = len(DIRECTIVES)
		order = list(range(count))
		self.rng.shuffle(order)  # mix sectors over the year
		for position, index in enumerate(order):
			age = round(358 - position * (352 / (count - 1))) + self.rng.randint(-2, 2)
			self.create_directive(DIRECTIVES[index], max(age, 4))
		print(
			f"Created {count} directives, {self.stats['tasks']} tasks, {self.stats['reports']} progress reports,"
			f" {self.stats['extensions']} extension requests."
		)

	def document_number(self, doc_type, sector, issue_date):
		symbol = DOC_TYPE_SYMBOL.get(doc_type) or f"UBND-{self.sectors[sector][4]}"
		if doc_type == "Directive":
			key = ("CT", issue_date.year)
			number = self.doc_numbers.get(key, 0) + self.rng.randint(1, 3)
		else:
			key = ("ALL", issue_date.year)
			base = issue_date.timetuple().tm_yday * 12
			number = max(self.doc_numbers.get(key, 0) + 1, base + self.rng.randint(0, 11))
		self.doc_numbers[key] = number
		return f"{number:02d}/{symbol}"

	def create_directive(self, spec, age):
		sector_code, source_type, doc_type, summary, tasks = spec
		_code, sector, vice_chairman, officer, _suffix = self.sectors[sector_code]
		issue = self.day(-age)
		leader = CHAIRMAN if self.rng.random() < 0.2 else vice_chairman
		fmt = {"y": issue.year, "y1": issue.year + 1, "y0": issue.year - 1, "n": self.rng.randint(1, 3)}
		urgency = self.pick({"Normal": 65, "Urgent": 22, "Very Urgent": 9, "Flash": 4})
		directive = frappe.get_doc(
			{
				"doctype": "Directive",
				"summary": summary.format(**fmt),
				"source_type": source_type,
				"document_type": doc_type,
				"document_number": None
				if source_type == LI
				else self.document_number(doc_type, sector_code, issue),
				"issue_date": issue,
				"signer": frappe.db.get_value("User", leader, "full_name"),
				"directing_leader": leader,
				"sector": sector,
				"tracking_officer": officer,
				"urgency": urgency,
				"confidentiality": "Confidential"
				if sector_code == "NC" and self.rng.random() < 0.25
				else "Normal",
			}
		)
		directive.insert()
		frappe.db.set_value(
			"Directive",
			directive.name,
			"creation",
			at(issue, 9, self.rng.randint(0, 59)),
			update_modified=False,
		)

		priority = {"Normal": "Normal", "Urgent": "High", "Very Urgent": "Urgent", "Flash": "Urgent"}[urgency]
		for lead, content, coordinators in tasks:
			content = content.format(**fmt)
			if lead == "HUYEN":
				for district in self.rng.sample(self.districts, self.rng.randint(2, 4)):
					self.create_task(directive, issue, district, content, [], priority)
			else:
				self.create_task(directive, issue, lead, content, coordinators, priority)

	# ---------------------------------------------------------------- task plan
	def plan_state(self, age):
		if age >= 150:
			weights = {
				"Completed": 50,
				"Cancelled": 5,
				"In Progress": 13,
				"Pending Review": 5,
				"Returned": 6,
				"Suspended": 7,
				"Assigned": 6,
				"Refused": 4,
				"Draft": 0,
			}
		elif age >= 45:
			weights = {
				"Completed": 30,
				"Cancelled": 5,
				"In Progress": 22,
				"Pending Review": 9,
				"Returned": 7,
				"Suspended": 5,
				"Assigned": 9,
				"Refused": 7,
				"Draft": 5,
			}
		else:
			weights = {
				"Completed": 8,
				"Cancelled": 4,
				"In Progress": 28,
				"Pending Review": 8,
				"Returned": 4,
				"Suspended": 3,
				"Assigned": 22,
				"Refused": 6,
				"Draft": 17,
			}
		return self.pick(weights)

	def plan_dates(self, state, issue, assigned):
		"""Deadline (None: no deadline) and completion date for the target state."""
		if state == "Completed":
			completion = self.between(add_days(assigned, 3), self.day(0))
			if self.rng.random() < 0.1:
				return None, completion
			if self.rng.random() < 0.35 and completion > add_days(issue, 2):
				# late: the deadline fell between the issue date and the completion date
				latest = add_days(completion, -1)
				deadline = self.between(min(add_days(assigned, 7), latest), latest)
				return deadline, completion
			return add_days(completion, self.rng.randint(0, 30)), completion

		age = (self.today - issue).days
		weights = {"On Track": 30, "Due Soon": 12, "Overdue": 36, "No Deadline": 12}
		if age >= 150:
			weights = {"On Track": 25, "Due Soon": 6, "Overdue": 52, "No Deadline": 17}
		status = self.pick(weights)
		if status == "Overdue" and age >= 2:
			latest = self.day(-1)
			earliest = max(min(add_days(assigned, 10), latest), getdate(issue))
			return self.between(earliest, latest), None
		if status == "No Deadline":
			return None, None
		if status == "Due Soon":
			return self.day(self.rng.randint(0, self.due_soon)), None
		return self.day(self.rng.randint(self.due_soon + 1, 90)), None

	# ---------------------------------------------------------------- task life
	def create_task(self, directive, issue, lead, content, coordinators, priority):
		rng = self.rng
		age = (self.today - issue).days
		state = self.plan_state(age)
		cancel_from = None
		if state == "Cancelled":
			cancel_from = self.pick(
				{"Draft": 2, "Assigned": 3, "In Progress": 4, "Refused": 2, "Pending Review": 1}
			)
		path_state = cancel_from or state
		assigned = add_days(issue, rng.randint(0, min(3, age)))
		deadline, completion = self.plan_dates(path_state, issue, assigned)

		# Extensions: approved ones moved the deadline from an earlier one.
		extension = None
		if deadline and path_state not in ("Draft", "Refused"):
			if not cancel_from and path_state in ("Assigned", "In Progress", "Returned"):
				# still open: a request may be waiting for the office's decision
				extension = self.pick({None: 58, "approved": 12, "approved2": 3, "refused": 8, "pending": 19})
			else:
				extension = self.pick({None: 74, "approved": 14, "approved2": 4, "refused": 8})
		deadlines = [deadline] if deadline else []
		if extension in ("approved", "approved2"):
			steps = 2 if extension == "approved2" else 1
			for _ in range(steps):
				earlier = add_days(deadlines[0], -rng.randint(7, 30))
				if earlier < getdate(issue):
					break
				deadlines.insert(0, earlier)
			if len(deadlines) == 1:
				extension = None

		coord_codes = [c for c in coordinators if c != lead]
		if not coord_codes and rng.random() < 0.15:
			coord_codes = [rng.choice([c for c in self.agencies if c != lead])]
		task = frappe.get_doc(
			{
				"doctype": "Directive Task",
				"directive": directive.name,
				"content": content,
				"lead_agency": self.agencies[lead],
				"coordinating_agencies": [{"agency": self.agencies[c]} for c in coord_codes],
				"priority": priority,
				"directing_leader": directive.directing_leader,
				"tracking_officer": directive.tracking_officer,
				"sector": directive.sector,
				"no_deadline": 0 if deadline else 1,
				"deadline": deadlines[0] if deadlines else None,
			}
		)
		task.insert()
		self.stats["tasks"] += 1
		focal = focal_email(lead)
		events = TaskEvents(self, task, focal)

		if path_state != "Draft":
			events.move("Assigned")
			if path_state == "Refused":
				events.move("Refused", rng.choice(REFUSE_REASONS))
			elif rng.random() < 0.06:
				# refused, then given to another agency
				events.move("Refused", rng.choice(REFUSE_REASONS))
				other = rng.choice([c for c in self.agencies if c != lead and c not in coord_codes])
				events.task.lead_agency = self.agencies[other]
				events.focal = focal_email(other)
				events.move("Assigned")

			if path_state not in ("Assigned", "Refused"):
				self.start_and_work(events, path_state, assigned, completion, deadlines, extension)
			elif path_state == "Assigned" and extension in ("approved", "approved2", "refused"):
				self.decide_extensions(events, assigned, deadlines, extension)

			if extension == "pending":
				events.extension(
					self.between(max(assigned, self.day(-6)), self.day(0)),
					add_days(events.task.deadline, rng.randint(15, 45)),
					None,
				)

		if cancel_from:
			events.move("Cancelled", rng.choice(CANCEL_REASONS))

		# The workflow stamps today's date; date the task from when it was given (the deadline status does
		# not depend on these two fields).
		frappe.db.set_value(
			"Directive Task",
			task.name,
			{
				"assigned_on": None if path_state == "Draft" else assigned,
				"creation": at(assigned, 10, rng.randint(0, 59)),
			},
			update_modified=False,
		)

	def decide_extensions(self, events, assigned, deadlines, extension):
		rng = self.rng
		for new_deadline in deadlines[1:]:
			events.extension(
				self.between(add_days(assigned, rng.randint(3, 15)), self.day(0)), new_deadline, True
			)
		if extension == "refused":
			events.extension(
				self.between(add_days(assigned, rng.randint(5, 20)), self.day(0)),
				add_days(events.task.deadline, rng.randint(15, 45)),
				False,
			)

	def start_and_work(self, events, state, assigned, completion, deadlines, extension):
		rng = self.rng
		end = completion or self.day(0)
		if state in ("Pending Review", "Returned"):
			end = self.between(max(assigned, self.day(-20)), self.day(0))

		returned_first = state == "Completed" and rng.random() < 0.15 and (end - getdate(assigned)).days >= 4
		first_final = self.between(assigned, add_days(end, -2)) if returned_first else None
		reports = rng.choice([0, 1, 1, 2])
		dates = sorted(self.between(assigned, first_final or end) for _ in range(reports))
		progress = 0
		if not dates:
			events.move("In Progress")  # accepted without a report yet
		self.decide_extensions(events, assigned, deadlines, extension)
		for report_date in dates:
			progress = min(90, progress + rng.randint(15, 45))
			events.report(report_date, progress)
		if state == "Suspended":
			events.move("Suspended", rng.choice(SUSPEND_REASONS))
			return
		if state == "In Progress":
			if rng.random() < 0.1:
				events.move("Suspended", rng.choice(SUSPEND_REASONS))
				events.move("In Progress")
			return
		if state == "Cancelled":
			return

		if returned_first:
			events.report(first_final, 100, final=True)
			events.move("Returned", rng.choice(RETURN_REASONS))
		events.report(end, 100, final=True)
		if state == "Returned":
			events.move("Returned", rng.choice(RETURN_REASONS))
		elif state == "Completed":
			events.move("Completed")


class TaskEvents:
	"""Moves one task through the workflow the way users would, then dates the records realistically."""

	def __init__(self, demo, task, focal):
		self.demo = demo
		self.task = task
		self.focal = focal

	def reload(self):
		self.task = frappe.get_doc("Directive Task", self.task.name)

	def move(self, state, reason=None):
		self.task.workflow_state = state
		self.task.state_reason = reason
		self.task.save()

	def report(self, report_date, progress, final=False):
		rng = self.demo.rng
		if final:
			content = rng.choice(FINAL_REPORT_TEXTS)
		else:
			content = rng.choice(REPORT_TEXTS)
		doc = frappe.get_doc(
			{
				"doctype": "Progress Report",
				"task": self.task.name,
				"report_date": report_date,
				"progress": progress,
				"is_final": 1 if final else 0,
				"content": f"<p>{content}</p>",
				"difficulties": None if final else rng.choice(DIFFICULTIES) or None,
				"proposals": None if final else rng.choice(PROPOSALS) or None,
			}
		)
		if progress < (self.task.progress or 0):
			doc.progress_change_reason = "Đánh giá lại khối lượng công việc còn lại."
		doc.insert()
		doc.submit()
		self.demo.stats["reports"] += 1
		frappe.db.set_value(
			"Progress Report",
			doc.name,
			{"owner": self.focal, "creation": at(report_date, 15, rng.randint(0, 59))},
			update_modified=False,
		)
		frappe.db.set_value(
			"Task Progress Entry",
			{"progress_report": doc.name},
			"reported_by",
			self.focal,
			update_modified=False,
		)
		self.reload()

	def extension(self, request_date, proposed, approve):
		"""approve: True approved, False refused, None left waiting for a decision."""
		rng = self.demo.rng
		doc = frappe.get_doc(
			{
				"doctype": "Extension Request",
				"task": self.task.name,
				"proposed_deadline": proposed,
				"reason": rng.choice(EXTENSION_REASONS),
			}
		)
		doc.insert()
		doc.workflow_state = "Pending Approval"
		doc.save()
		self.demo.stats["extensions"] += 1
		decided_on = None
		if approve is not None:
			doc.workflow_state = "Approved" if approve else "Refused"
			doc.decision_note = rng.choice(APPROVE_NOTES if approve else REFUSE_NOTES) or None
			doc.submit()
			decided_on = at(
				self.demo.between(request_date, add_days(request_date, 3)), 16, rng.randint(0, 59)
			)
			frappe.db.set_value(
				"Extension Request",
				doc.name,
				{"decided_by": OFFICE_LEADER, "decided_on": decided_on},
				update_modified=False,
			)
			if approve:
				frappe.db.set_value(
					"Task Deadline Change",
					{"extension_request": doc.name},
					{"approved_by": OFFICE_LEADER, "approved_on": decided_on},
					update_modified=False,
				)
		frappe.db.set_value(
			"Extension Request",
			doc.name,
			{"owner": self.focal, "creation": at(request_date, 14, rng.randint(0, 59))},
			update_modified=False,
		)
		self.reload()


# --------------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------------


def print_summary():
	rows = frappe.db.sql(
		"""select workflow_state, deadline_status, count(*) from `tabDirective Task`
		group by workflow_state, deadline_status order by workflow_state, deadline_status"""
	)
	print("\nDirective Tasks by workflow state and deadline status:")
	for state, status, count in rows:
		print(f"  {state or '-':<16} {status or '-':<20} {count}")

	print(f"\nDemo logins (password for all: {DEMO_PASSWORD}); Administrator keeps its own password.")
	for email, name, roles, what in OFFICE_USERS:
		print(f"  {email:<32} {name:<22} {', '.join(roles):<20} {what}")
	for code, agency in DEPARTMENTS + DISTRICTS + CENTRAL_AGENCIES:
		name = frappe.db.get_value("User", focal_email(code), "full_name")
		print(f"  {focal_email(code):<32} {name or '':<22} {'Agency Focal Point':<20} Đầu mối {agency}")
		if code in AGENCIES_WITH_HEAD:
			name = frappe.db.get_value("User", head_email(code), "full_name")
			print(f"  {head_email(code):<32} {name or '':<22} {'Agency Head':<20} Lãnh đạo {agency}")
