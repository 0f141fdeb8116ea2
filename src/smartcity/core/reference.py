"""Reference data: the bodies named in Plan 11/KH-BDH (2018) and the administrative units
of Binh Duong before and after 1 July 2025.

Sources: the plan itself (shared mission folder, glossary of its bodies); the national list
of administrative units (GSO codes: province 74, districts 718-726); Resolution
202/2025/QH15 (provincial merger into Ho Chi Minh City, code 79) and Resolution
1685/NQ-UBTVQH15 (the 36 wards and communes formed from the former province, in force
from 1 July 2025). The post-2025 ward codes are not reproduced here and are marked
provisional until loaded from the national list.
"""
from datetime import date

from smartcity.core.text import strip_marks

# code, abbreviation (as the plan writes it), name_vi, name_en, kind, helix, parent code, coordinator, role in the plan
ORGANISATIONS = [
    ("PPC", "UBND tỉnh", "Ủy ban nhân dân tỉnh Bình Dương", "Binh Duong Provincial People's Committee", "steering", "government", None, False,
     "Chủ quản Đề án Thành phố Thông minh"),
    ("BCD", "BCĐ", "Ban Chỉ đạo Đề án Thành phố Thông minh", "Smart City Steering Committee", "steering", "government", "PPC", False,
     "Nhận báo cáo, xem xét giải quyết khó khăn, vướng mắc"),
    ("BDH", "BĐH", "Ban Điều hành Đề án Thành phố Thông minh", "Smart City Executive Board", "board", "government", "BCD", False,
     "Ban hành và điều hành Kế hoạch 11/KH-BDH năm 2018"),
    ("VPTPTM", "VP TPTM", "Văn phòng Thành phố Thông minh", "Smart City Office", "board", "government", "BDH", True,
     "Điều phối, kết nối đối tác, hồ sơ ICF Smart21"),
    ("VPUBND", "VP UBND", "Văn phòng Ủy ban nhân dân tỉnh", "Office of the Provincial People's Committee", "board", "government", "PPC", False,
     "Hỗ trợ Ban Chỉ đạo và Ban Điều hành"),
    ("TCV", "Tổ chuyên viên", "Tổ chuyên viên giúp việc", "Expert support team", "board", "government", "BDH", False,
     "Giúp việc cho Ban Điều hành"),
    ("HDCV", "HĐCV Ba Nhà", "Hội đồng cố vấn Ba Nhà", "Triple Helix Advisory Council", "board", "government", "BDH", False,
     "Cố vấn: Nhà nước, Nhà trường, Doanh nghiệp"),
    ("DOFA", "SNgV", "Sở Ngoại vụ", "Department of Foreign Affairs", "department", "government", "PPC", False,
     "II.2 hợp tác quốc tế, Khu Công nghiệp Khoa học Công nghệ"),
    ("DOST", "SKHCN", "Sở Khoa học và Công nghệ", "Department of Science and Technology", "department", "government", "PPC", False,
     "II.3 hệ sinh thái khởi nghiệp, phòng thí nghiệm, Living Lab"),
    ("DOT", "SGTVT", "Sở Giao thông vận tải", "Department of Transport", "department", "government", "PPC", False,
     "II.4 giao thông thông minh, chất lượng xe buýt 2018–2020, thí điểm chiếu sáng LED"),
    ("DPI", "SKHĐT", "Sở Kế hoạch và Đầu tư", "Department of Planning and Investment", "department", "government", "PPC", False,
     "II.5 cơ sở dữ liệu doanh nghiệp dùng chung, nhu cầu nhà đầu tư"),
    ("DOET", "SGDĐT", "Sở Giáo dục và Đào tạo", "Department of Education and Training", "department", "government", "PPC", False,
     "II.6 mô hình Trường tiểu học tiên tiến – hiện đại 2017–2020"),
    ("DOC", "SXD", "Sở Xây dựng", "Department of Construction", "department", "government", "PPC", False,
     "II.7 hệ thống GIS và phần mềm chuyên ngành xây dựng"),
    ("DOHA", "SNV", "Sở Nội vụ", "Department of Home Affairs", "department", "government", "PPC", False,
     "II.8 CNTT trong cải cách hành chính, phần mềm một cửa, đo lường sự hài lòng"),
    ("DONRE", "STNMT", "Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment", "department", "government", "PPC", False,
     "II.9 quan trắc tự động, thùng rác và nhà vệ sinh thông minh, hồ chứa nước mưa"),
    ("DIC", "STTTT", "Sở Thông tin và Truyền thông", "Department of Information and Communications", "department", "government", "PPC", False,
     "II.10 wifi công cộng, website Thành phố Thông minh, tuyên truyền"),
    ("BQLKCN", "BQL các KCN", "Ban Quản lý các Khu công nghiệp tỉnh Bình Dương", "Provincial Industrial Parks Management Board", "board", "government", "PPC", False,
     "II.2 Khu Công nghiệp Khoa học Công nghệ"),
    ("VSIPMB", "BQL KCN VSIP", "Ban Quản lý Khu công nghiệp Việt Nam – Singapore", "VSIP Management Board", "board", "government", "PPC", False,
     "II.2 Khu Công nghiệp Khoa học Công nghệ"),
    ("BECAMEX", "Becamex IDC", "Tổng Công ty Becamex IDC", "Becamex IDC Corporation", "enterprise", "business", None, False,
     "II.11 công nghiệp bán dẫn Back-End, chuyển đổi chiếu sáng LED"),
    ("BECAMEXTOKYU", "Becamex Tokyu", "Công ty TNHH Becamex Tokyu", "Becamex Tokyu Co., Ltd.", "enterprise", "business", None, False,
     "II.4 nâng cao chất lượng vận tải hành khách công cộng bằng xe buýt"),
    ("TELCO", "DN viễn thông", "Các doanh nghiệp viễn thông", "Telecom operators", "enterprise", "business", None, False,
     "II.10 lộ trình wifi công cộng"),
    ("TDMU", "ĐH Thủ Dầu Một", "Trường Đại học Thủ Dầu Một", "Thu Dau Mot University", "university", "academia", None, False,
     "II.3, II.12 khởi nghiệp, Living Lab, nghiên cứu"),
    ("VGU", "ĐH Việt Đức", "Trường Đại học Việt Đức", "Vietnamese-German University", "university", "academia", None, False,
     "II.3, II.12 khởi nghiệp, Living Lab, nghiên cứu"),
    ("EIU", "ĐH Quốc tế Miền Đông", "Trường Đại học Quốc tế Miền Đông", "Eastern International University", "university", "academia", None, False,
     "II.3, II.12 khởi nghiệp, Living Lab, nghiên cứu"),
    ("VSVC", "CĐN Việt Nam – Singapore", "Trường Cao đẳng nghề Việt Nam – Singapore", "Vietnam–Singapore Vocational College", "university", "academia", None, False,
     "II.3, II.12 đào tạo kỹ năng"),
    ("EIPO", "EIPO", "EIPO – Brainport Eindhoven (Hà Lan)", "EIPO – Brainport Eindhoven (Netherlands)", "partner", "international", None, False,
     "Đối tác chiến lược, chuyên gia hồ sơ ICF"),
    ("WTA", "WTA", "Hiệp hội đô thị khoa học thế giới", "World Technopolis Association", "network", "international", None, False,
     "Gia nhập WTA, kỷ niệm 20 năm thành lập"),
    ("ICF", "ICF", "Diễn đàn Cộng đồng Thông minh Thế giới (ICF)", "Intelligent Community Forum", "network", "international", None, False,
     "Hồ sơ Smart21 năm 2018"),
    ("HORASIS", "Horasis", "Diễn đàn Hợp tác kinh tế Châu Á Horasis", "Horasis Asia Meeting", "network", "international", None, False,
     "Sự kiện quốc tế năm 2018"),
]

BEFORE_2025 = date(1997, 1, 1)  # Binh Duong province re-established from 1 January 1997
LAST_DAY_OLD = date(2025, 6, 30)
FIRST_DAY_NEW = date(2025, 7, 1)

# code, name_vi, name_en, unit type (vi), centre latitude, centre longitude
OLD_DISTRICTS = [
    ("718", "Thủ Dầu Một", "Thu Dau Mot", "Thành phố", 10.9804, 106.6519),
    ("719", "Bàu Bàng", "Bau Bang", "Huyện", 11.2546, 106.6167),
    ("720", "Dầu Tiếng", "Dau Tieng", "Huyện", 11.2810, 106.3620),
    ("721", "Bến Cát", "Ben Cat", "Thành phố", 11.1540, 106.5930),
    ("722", "Phú Giáo", "Phu Giao", "Huyện", 11.2960, 106.7960),
    ("723", "Tân Uyên", "Tan Uyen", "Thành phố", 11.0640, 106.7970),
    ("724", "Dĩ An", "Di An", "Thành phố", 10.9060, 106.7690),
    ("725", "Thuận An", "Thuan An", "Thành phố", 10.9290, 106.7150),
    ("726", "Bắc Tân Uyên", "Bac Tan Uyen", "Huyện", 11.1390, 106.8570),
]

# Units formed from the former province on 1 July 2025: name, type (24 wards, 12 communes)
NEW_UNITS = [
    ("Thủ Dầu Một", "Phường"), ("Phú Lợi", "Phường"), ("Chánh Hiệp", "Phường"),
    ("Bình Dương", "Phường"), ("Phú An", "Phường"),
    ("Bến Cát", "Phường"), ("Chánh Phú Hòa", "Phường"), ("Long Nguyên", "Phường"),
    ("Tây Nam", "Phường"), ("Thới Hòa", "Phường"), ("Hòa Lợi", "Phường"),
    ("Tân Uyên", "Phường"), ("Tân Hiệp", "Phường"), ("Vĩnh Tân", "Phường"),
    ("Tân Khánh", "Phường"), ("Bình Cơ", "Phường"),
    ("Dĩ An", "Phường"), ("Tân Đông Hiệp", "Phường"), ("Đông Hòa", "Phường"),
    ("Thuận An", "Phường"), ("Thuận Giao", "Phường"), ("Lái Thiêu", "Phường"),
    ("An Phú", "Phường"), ("Bình Hòa", "Phường"),
    ("Bàu Bàng", "Xã"), ("Trừ Văn Thố", "Xã"),
    ("Dầu Tiếng", "Xã"), ("Minh Thạnh", "Xã"), ("Long Hòa", "Xã"), ("Thanh An", "Xã"),
    ("Phú Giáo", "Xã"), ("Phước Thành", "Xã"), ("Phước Hòa", "Xã"), ("An Long", "Xã"),
    ("Bắc Tân Uyên", "Xã"), ("Thường Tân", "Xã"),
]

def ascii_name(name_vi: str) -> str:
    """Vietnamese without diacritics, for English labels and codes (Thủ Dầu Một -> Thu Dau Mot)."""
    return strip_marks(name_vi)


def new_unit_code(name_vi: str) -> str:
    return "79-" + ascii_name(name_vi).upper().replace(" ", "")
