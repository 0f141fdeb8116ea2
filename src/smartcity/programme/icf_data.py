"""ICF (Intelligent Community Forum) frameworks as shipped reference data: the factors in
the wording used for the 2017-2019 applications ("icf-2018") and in today's wording
("icf-current"), each with a stable `dimension` so that scores of different years compare,
and the questions we ask our departments under each factor.

The questions are written by the Smart City Office in its own words to collect the data
points an ICF application needs (availability and adoption of broadband, school-employer
programmes, start-up programmes, e-services of the local government, engagement channels
...); they are not ICF's questionnaire. Each may name a live platform KPI
(`services/kpis.py`) that answers or supports it, and a default department (`org`) when it
differs from the factor's.

Dimensions (stable across wordings):
- broadband: "Broadband" (2018) = "Broadband and digital services" (now);
- knowledge-workforce, innovation, sustainability: same name in both;
- inclusion: "Digital equality" (2018) = "Digital inclusion" (now);
- engagement: "Advocacy" (2018) = "Community engagement" (now). Both are about how the
  community explains itself and brings its people in; ICF replaced the one by the other, so
  they share a dimension and years compare.

Pure data, no Django.
"""

# the order in which dimensions are shown (today's wording order)
DIMENSIONS = ("broadband", "knowledge-workforce", "innovation", "engagement", "inclusion", "sustainability")

# default department per dimension (icf-assign); a question's `org` overrides it
DEFAULT_ORGS = {
    "broadband": "DIC",
    "knowledge-workforce": "DOET",
    "innovation": "DOST",
    "engagement": "DOHA",
    "inclusion": "DIC",
    "sustainability": "DONRE",
}


def q(number, kind, vi, en, unit="", kpi="", choices=None, org=""):
    return {"number": number, "kind": kind, "title_vi": vi, "title_en": en, "unit": unit, "kpi": kpi,
            "choices": choices or [], "org": org}


YES_PARTLY_NO = ["yes", "partly", "no"]
COVERAGE = ["under 25 %", "25-50 %", "50-75 %", "over 75 %"]

_BROADBAND_2018 = [
    q("B1", "number", "Tỷ lệ hộ gia đình có thể đăng ký Internet băng rộng cố định (cáp quang) tại nơi ở",
      "Share of households that can subscribe to fixed broadband (fibre) where they live", unit="%"),
    q("B2", "number", "Tỷ lệ hộ gia đình đang sử dụng Internet băng rộng cố định",
      "Share of households that actually use fixed broadband", unit="%"),
    q("B3", "number", "Số điểm Wi-Fi công cộng miễn phí do tỉnh và doanh nghiệp cung cấp",
      "Number of free public Wi-Fi hotspots provided by the province and companies", unit="điểm", kpi="hub.assets.wifi-hotspot"),
    q("B4", "narrative", "Mô tả chính sách của tỉnh để mở rộng hạ tầng băng rộng và thu hút doanh nghiệp viễn thông đầu tư",
      "Describe the province's policy to extend broadband infrastructure and attract telecom investment", org="TELCO"),
]
_WORKFORCE_2018 = [
    q("K1", "number", "Tỷ lệ lao động đã qua đào tạo trong tổng số lao động của tỉnh",
      "Share of the province's workforce with vocational or higher training", unit="%"),
    q("K2", "choice", "Các trường phổ thông có chương trình hợp tác với doanh nghiệp (tham quan, thực tập, hướng nghiệp) không?",
      "Do secondary schools run programmes with employers (visits, internships, career guidance)?", choices=YES_PARTLY_NO),
    q("K3", "narrative", "Mô tả hợp tác giữa các trường đại học, cao đẳng và doanh nghiệp để đào tạo nhân lực theo nhu cầu",
      "Describe how universities, colleges and companies cooperate to train the people employers need", org="TDMU"),
]
_INNOVATION_2018 = [
    q("I1", "number", "Số doanh nghiệp khởi nghiệp đổi mới sáng tạo được hỗ trợ trong năm",
      "Number of innovative start-ups supported during the year", unit="doanh nghiệp"),
    q("I2", "narrative", "Mô tả các chương trình ươm tạo, vườn ươm và không gian sáng tạo trên địa bàn",
      "Describe the incubation programmes, incubators and makerspaces in the province"),
    q("I3", "number", "Số dịch vụ công trực tuyến mức độ 3 và 4 do chính quyền tỉnh cung cấp",
      "Number of online public services at levels 3 and 4 offered by the provincial government", unit="dịch vụ", org="DIC"),
]
_EQUALITY_2018 = [
    q("E1", "number", "Tỷ lệ xã, phường có điểm truy cập Internet công cộng (bưu điện văn hóa, thư viện)",
      "Share of communes and wards with a public Internet access point (post-office culture points, libraries)", unit="%"),
    q("E2", "narrative", "Mô tả chương trình đào tạo kỹ năng số cho người cao tuổi, công nhân và người có thu nhập thấp",
      "Describe digital skills training for older people, factory workers and low-income residents"),
    q("E3", "choice", "Tỉnh có chương trình hỗ trợ thiết bị hoặc cước Internet cho hộ nghèo không?",
      "Does the province help poor households with devices or Internet fees?", choices=YES_PARTLY_NO, org="DOHA"),
]
_SUSTAINABILITY_2018 = [
    q("S1", "number", "Số trạm quan trắc môi trường tự động đang truyền dữ liệu về Sở Tài nguyên và Môi trường",
      "Automatic environmental monitoring stations transmitting data to the Department of Natural Resources and Environment",
      unit="trạm", kpi="env.stations_reporting"),
    q("S2", "number", "Tỷ lệ giờ có chỉ số chất lượng không khí (VN_AQI) ở mức tốt",
      "Share of hours with a good air quality index (VN_AQI)", unit="%", kpi="env.aqi_good_share"),
    q("S3", "narrative", "Mô tả các dự án giảm ô nhiễm, xử lý nước thải khu công nghiệp và giao thông xanh",
      "Describe projects that reduce pollution, treat industrial-park wastewater and make transport greener"),
]
_ADVOCACY_2018 = [
    q("A1", "narrative", "Mô tả cách tỉnh giới thiệu Đề án Thành phố Thông minh với người dân, doanh nghiệp và đối tác quốc tế",
      "Describe how the province presents the Smart City programme to residents, companies and international partners", org="DIC"),
    q("A2", "number", "Số sự kiện, hội thảo quốc tế về thành phố thông minh do tỉnh tổ chức hoặc tham gia trong năm",
      "International smart city events and conferences the province hosted or attended during the year", unit="sự kiện", org="DOFA"),
    q("A3", "short", "Các mạng lưới quốc tế mà tỉnh là thành viên (WTA, ICF...)",
      "International networks the province is a member of (WTA, ICF ...)", org="DOFA"),
]

_BROADBAND_NOW = [
    q("1.1", "number", "Tỷ lệ hộ gia đình có thể đăng ký Internet băng rộng cố định tốc độ từ 100 Mbit/s trở lên",
      "Share of households that can subscribe to fixed broadband of at least 100 Mbit/s", unit="%", org="TELCO"),
    q("1.2", "number", "Tỷ lệ hộ gia đình đang sử dụng Internet băng rộng cố định",
      "Share of households that actually use fixed broadband", unit="%"),
    q("1.3", "choice", "Mức phủ sóng di động 4G/5G trên diện tích dân cư của tỉnh",
      "4G/5G mobile coverage of the province's populated area", choices=COVERAGE, org="TELCO"),
    q("1.4", "number", "Số điểm Wi-Fi công cộng miễn phí đang hoạt động",
      "Free public Wi-Fi hotspots in operation", unit="điểm", kpi="hub.assets.wifi-hotspot"),
    q("1.5", "number", "Số dịch vụ công trực tuyến toàn trình do chính quyền tỉnh cung cấp",
      "End-to-end online public services offered by the provincial government", unit="dịch vụ"),
    q("1.6", "narrative", "Mô tả các dịch vụ thành phố thông minh của chính quyền (trung tâm điều hành, giao thông, môi trường, hành chính công)",
      "Describe the smart city services of the local government (operations centre, transport, environment, one-stop public administration)",
      kpi="hub.assets"),
]
_WORKFORCE_NOW = [
    q("2.1", "number", "Tỷ lệ lao động đã qua đào tạo có bằng cấp, chứng chỉ", "Share of the workforce with a degree or certificate",
      unit="%", org="DOHA"),
    q("2.2", "number", "Số sinh viên đang theo học tại các trường đại học, cao đẳng trên địa bàn",
      "Students enrolled in the province's universities and colleges", unit="sinh viên", org="TDMU"),
    q("2.3", "choice", "Các trường phổ thông có chương trình gắn với doanh nghiệp (STEM, thực tập, hướng nghiệp) không?",
      "Do schools run programmes with employers (STEM, internships, career guidance)?", choices=YES_PARTLY_NO),
    q("2.4", "narrative", "Mô tả hợp tác nhà trường – doanh nghiệp để đào tạo theo nhu cầu của các khu công nghiệp",
      "Describe school-employer cooperation to train people for the industrial parks' needs", org="VGU"),
]
_INNOVATION_NOW = [
    q("3.1", "number", "Số doanh nghiệp khởi nghiệp đổi mới sáng tạo được hỗ trợ trong năm",
      "Innovative start-ups supported during the year", unit="doanh nghiệp"),
    q("3.2", "narrative", "Mô tả chương trình khởi nghiệp, vườn ươm và quỹ hỗ trợ (ví dụ Vườn ươm doanh nghiệp công nghệ Becamex)",
      "Describe start-up programmes, incubators and support funds (e.g. the Becamex technology incubator)", org="BECAMEX"),
    q("3.3", "number", "Số đề tài, dự án khoa học công nghệ có doanh nghiệp cùng thực hiện",
      "Research projects carried out together with companies", unit="đề tài"),
    q("3.4", "short", "Tỷ lệ tiến độ chung của Kế hoạch thành phố thông minh năm nay",
      "Overall progress of this year's smart city plan", unit="%", kpi="programme.progress", org="VPTPTM"),
    q("3.5", "narrative", "Mô tả cách dữ liệu mở của tỉnh được doanh nghiệp và nhà nghiên cứu sử dụng",
      "Describe how companies and researchers use the province's open data", org="DIC"),
]
_ENGAGEMENT_NOW = [
    q("4.1", "choice", "Người dân có thể phản ánh, góp ý với chính quyền qua những kênh số nào?",
      "Through which digital channels can residents report problems and comment to the government?",
      choices=["hotline only", "web portal", "mobile app", "app, portal and social networks"], org="DIC"),
    q("4.2", "number", "Số phản ánh của người dân được tiếp nhận và xử lý qua các kênh số trong năm",
      "Residents' reports received and handled through digital channels during the year", unit="phản ánh", org="DIC"),
    q("4.3", "narrative", "Mô tả cách doanh nghiệp, nhà trường và người dân tham gia xây dựng Đề án (mô hình Ba Nhà)",
      "Describe how companies, universities and residents take part in the programme (the Triple Helix model)",
      kpi="programme.helix_full", org="VPTPTM"),
    q("4.4", "narrative", "Mô tả các hoạt động giới thiệu Bình Dương với cộng đồng quốc tế (hội nghị, thành viên mạng lưới)",
      "Describe how Binh Duong presents itself internationally (conferences, network memberships)", org="DOFA"),
]
_INCLUSION_NOW = [
    q("5.1", "number", "Tỷ lệ xã, phường có điểm truy cập Internet công cộng miễn phí",
      "Share of communes and wards with a free public Internet access point", unit="%"),
    q("5.2", "number", "Số người được đào tạo kỹ năng số cơ bản trong năm", "People trained in basic digital skills during the year",
      unit="người", org="DOET"),
    q("5.3", "choice", "Tỉnh có chương trình hỗ trợ thiết bị hoặc cước Internet cho hộ nghèo, học sinh khó khăn không?",
      "Does the province help poor households and pupils in need with devices or Internet fees?", choices=YES_PARTLY_NO, org="DOHA"),
    q("5.4", "narrative", "Mô tả cách các dịch vụ số của tỉnh phục vụ người lao động nhập cư trong các khu công nghiệp",
      "Describe how the province's digital services reach migrant workers in the industrial parks"),
]
_SUSTAINABILITY_NOW = [
    q("6.1", "number", "Số trạm quan trắc môi trường tự động đang truyền dữ liệu", "Automatic monitoring stations transmitting data",
      unit="trạm", kpi="env.stations_reporting"),
    q("6.2", "number", "Tỷ lệ giờ có chỉ số chất lượng không khí (VN_AQI) ở mức tốt", "Share of hours with a good air quality index (VN_AQI)",
      unit="%", kpi="env.aqi_good_share"),
    q("6.3", "number", "Số tuyến xe buýt đang khai thác", "Bus routes in service", unit="tuyến", kpi="mobility.routes", org="DOT"),
    q("6.4", "narrative", "Mô tả các dự án giảm phát thải, xử lý nước thải, rác thải và giao thông xanh",
      "Describe projects that cut emissions, treat wastewater and waste, and make transport greener"),
]


def _factor(key, dimension, vi, en, desc_vi, desc_en, questions):
    return {"key": key, "dimension": dimension, "title_vi": vi, "title_en": en, "description_vi": desc_vi,
            "description_en": desc_en, "questions": questions}


FRAMEWORKS = [
    {
        "key": "icf-2018", "name": "ICF 2018 (Broadband, Knowledge Workforce, Innovation, Digital Equality, Sustainability, Advocacy)",
        "first_year": 2017, "last_year": 2019,
        "source": "Six factors as worded by ICF for the Smart21 applications of 2017-2019; questions written by the Smart City Office.",
        "factors": [
            _factor("broadband", "broadband", "Băng thông rộng", "Broadband",
                    "Hạ tầng kết nối băng rộng: mức độ sẵn có, giá cả và mức sử dụng của người dân và doanh nghiệp.",
                    "Broadband connectivity: how available and affordable it is and how much residents and companies use it.",
                    _BROADBAND_2018),
            _factor("knowledge-workforce", "knowledge-workforce", "Lực lượng lao động tri thức", "Knowledge workforce",
                    "Khả năng của cộng đồng tạo ra và thu hút lao động có kỹ năng, từ trường phổ thông đến đại học và doanh nghiệp.",
                    "How the community builds and attracts skilled people, from schools to universities and employers.",
                    _WORKFORCE_2018),
            _factor("innovation", "innovation", "Đổi mới sáng tạo", "Innovation",
                    "Môi trường cho khởi nghiệp, nghiên cứu và dịch vụ công đổi mới.",
                    "The climate for start-ups, research and innovative public services.", _INNOVATION_2018),
            _factor("digital-equality", "inclusion", "Bình đẳng số", "Digital equality",
                    "Mọi người dân đều có cơ hội tiếp cận và sử dụng công nghệ số.",
                    "Every resident has a chance to get online and use digital technology.", _EQUALITY_2018),
            _factor("sustainability", "sustainability", "Phát triển bền vững", "Sustainability",
                    "Dùng công nghệ để bảo vệ môi trường và sử dụng tài nguyên hợp lý.",
                    "Using technology to protect the environment and use resources wisely.", _SUSTAINABILITY_2018),
            _factor("advocacy", "engagement", "Vận động, quảng bá", "Advocacy",
                    "Cách cộng đồng giải thích tầm nhìn của mình và kêu gọi người dân, đối tác cùng tham gia.",
                    "How the community explains its vision and rallies residents and partners behind it.", _ADVOCACY_2018),
        ],
    },
    {
        "key": "icf-current", "name": "ICF (current wording: Broadband and Digital Services ... Community Engagement, Digital Inclusion)",
        "first_year": 2020, "last_year": None,
        "source": "Six factors as worded by ICF since its advocacy and digital equality factors were renamed; questions written by the Smart City Office.",
        "factors": [
            _factor("broadband-digital-services", "broadband", "Băng thông rộng và dịch vụ số", "Broadband and digital services",
                    "Hạ tầng băng rộng cố định và di động, cùng các dịch vụ số mà chính quyền và doanh nghiệp cung cấp trên đó.",
                    "Fixed and mobile broadband, and the digital services the government and companies deliver over it.",
                    _BROADBAND_NOW),
            _factor("knowledge-workforce", "knowledge-workforce", "Lực lượng lao động tri thức", "Knowledge workforce",
                    "Giáo dục, đào tạo và gắn kết nhà trường với doanh nghiệp để có lao động có kỹ năng.",
                    "Education, training and school-employer links that produce a skilled workforce.", _WORKFORCE_NOW),
            _factor("innovation", "innovation", "Đổi mới sáng tạo", "Innovation",
                    "Khởi nghiệp, nghiên cứu ứng dụng và dữ liệu mở phục vụ phát triển kinh tế.",
                    "Start-ups, applied research and open data serving economic development.", _INNOVATION_NOW),
            _factor("community-engagement", "engagement", "Gắn kết cộng đồng", "Community engagement",
                    "Người dân, doanh nghiệp, nhà trường cùng tham gia; chính quyền lắng nghe và giải trình.",
                    "Residents, companies and universities take part; the government listens and accounts for itself.",
                    _ENGAGEMENT_NOW),
            _factor("digital-inclusion", "inclusion", "Hòa nhập số", "Digital inclusion",
                    "Không để ai bị bỏ lại phía sau: tiếp cận, thiết bị và kỹ năng số cho mọi người.",
                    "Leaving nobody behind: access, devices and digital skills for everyone.", _INCLUSION_NOW),
            _factor("sustainability", "sustainability", "Phát triển bền vững", "Sustainability",
                    "Quan trắc môi trường, giao thông công cộng, nước và rác thải được quản lý bằng dữ liệu.",
                    "Environmental monitoring, public transport, water and waste managed with data.", _SUSTAINABILITY_NOW),
        ],
    },
]


def framework_key_for_year(year: int) -> str:
    """The wording ICF used for an application year."""
    for fw in FRAMEWORKS:
        if fw["first_year"] <= year and (fw["last_year"] is None or year <= fw["last_year"]):
            return fw["key"]
    return FRAMEWORKS[0]["key"] if year < FRAMEWORKS[0]["first_year"] else FRAMEWORKS[-1]["key"]
