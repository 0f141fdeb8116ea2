"""The seed catalogue of administrative procedures for the departments of Plan 11/KH-BDH
(2018): about thirty procedures with Vietnamese names and English renderings, fields,
level, competent unit, legal basis, time limit in working days, fees, required documents,
online level and processing steps. Pure data (no Django import); `services.catalogue.
load_catalogue()` turns it into rows.

Codes follow the national database format (`1.009972`: group digit, dot, six digits);
they are ILLUSTRATIVE, not checked against the National Public Service Portal (the local
suffix such as `.H38` is left out because the province's suffix was not verified). Fees
are typical amounts, also to be checked against the provincial council's resolutions.

Versioning: procedures listed in `VERSIONED` have version 1 under the 2018 rule set
(Decree 61/2018/NĐ-CP, received at the department's own one-stop section, until
30/06/2025) and version 2 under the 2025 rule set (Decree 118/2025/NĐ-CP, received at the
provincial Public Administration Service Centre from 01/07/2025). The others have one
version under the 2025 rule set, received at the centre.

Step `unit` is an organisation code; `RECV` stands for the version's receiving unit.
Steps add up to the time limit; a step may carry `note_vi`/`note_en`.
"""
from datetime import date

RECV = "RECV"

CENTRE = {
    "code": "TTPVHCC",
    "abbreviation": "TTPVHCC",
    "name_vi": "Trung tâm Phục vụ hành chính công tỉnh Bình Dương",
    "name_en": "Binh Duong Provincial Public Administration Service Centre",
    "kind": "board",
    "helix": "government",
    "parent": "PPC",
    "plan_role": "Tiếp nhận hồ sơ và trả kết quả thủ tục hành chính cấp tỉnh từ 01/07/2025 (Nghị định 118/2025/NĐ-CP)",
}

RULES_2018_FROM = date(2018, 6, 21)  # Decree 61/2018/NĐ-CP in force
RULES_2018_UNTIL = date(2025, 6, 30)
RULES_2025_FROM = date(2025, 7, 1)   # provincial service centres set up (Decree 118/2025/NĐ-CP)

ONE_STOP_2018 = "Nghị định 61/2018/NĐ-CP; Nghị định 107/2021/NĐ-CP; Thông tư 01/2018/TT-VPCP"
ONE_STOP_2025 = "Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP"

# code, name_vi, name_en
FIELDS = [
    ("xay-dung", "Hoạt động xây dựng", "Construction"),
    ("moi-truong", "Môi trường", "Environment"),
    ("dat-dai", "Đất đai", "Land"),
    ("tai-nguyen-nuoc", "Tài nguyên nước", "Water resources"),
    ("thanh-lap-doanh-nghiep", "Thành lập và hoạt động của doanh nghiệp", "Enterprise registration"),
    ("dau-tu", "Đầu tư tại Việt Nam", "Investment in Viet Nam"),
    ("ho-kinh-doanh", "Thành lập và hoạt động của hộ kinh doanh", "Household businesses"),
    ("thi-dua-khen-thuong", "Thi đua, khen thưởng", "Emulation and commendation"),
    ("hoi-to-chuc-phi-chinh-phu", "Tổ chức hội, tổ chức phi chính phủ", "Associations and non-governmental organisations"),
    ("van-thu-luu-tru", "Văn thư và lưu trữ nhà nước", "State records and archives"),
    ("duong-bo", "Đường bộ", "Road transport"),
    ("khoa-hoc-cong-nghe", "Hoạt động khoa học và công nghệ", "Science and technology activities"),
    ("an-toan-buc-xa", "An toàn bức xạ và hạt nhân", "Radiation and nuclear safety"),
    ("xuat-ban-in", "Xuất bản, in và phát hành", "Publishing and printing"),
    ("thong-tin-dien-tu", "Thông tin điện tử", "Online information"),
    ("giao-duc-trung-hoc", "Giáo dục trung học", "Secondary education"),
    ("van-bang-chung-chi", "Văn bằng, chứng chỉ", "Diplomas and certificates"),
    ("giao-duc-dao-tao", "Giáo dục và đào tạo thuộc hệ thống giáo dục quốc dân", "Education and training institutions"),
    ("ngoai-vu", "Công tác ngoại vụ", "Foreign affairs"),
]

# Forms generated as .docx templates: key -> number (template_name), title, fields to fill
FORMS = {
    "gpxd-01": {
        "number": "Mẫu số 01 Phụ lục II Nghị định 15/2021/NĐ-CP",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
        "title_en": "Application for a construction permit",
        "to": "Cơ quan cấp giấy phép xây dựng",
        "fields": ["Tên chủ đầu tư (chủ hộ)", "Người đại diện, chức vụ (nếu có)", "Địa chỉ liên hệ", "Số điện thoại",
                   "Địa điểm xây dựng: lô đất số, diện tích (m²)", "Tại số nhà, đường/phố, phường/xã", "Tên công trình, loại, cấp công trình",
                   "Diện tích xây dựng tầng 1 (m²), tổng diện tích sàn (m²)", "Chiều cao công trình (m), số tầng",
                   "Tổ chức/cá nhân thiết kế, chứng chỉ hành nghề", "Dự kiến thời gian hoàn thành công trình (tháng)"],
        "pledge": "Tôi xin cam kết làm theo đúng giấy phép được cấp, nếu sai tôi hoàn toàn chịu trách nhiệm và bị xử lý theo quy định của pháp luật.",
    },
    "gpxd-02": {
        "number": "Mẫu số 02 Phụ lục II Nghị định 15/2021/NĐ-CP",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP SỬA CHỮA, CẢI TẠO",
        "title_en": "Application for a renovation permit",
        "to": "Cơ quan cấp giấy phép xây dựng",
        "fields": ["Tên chủ đầu tư", "Địa chỉ liên hệ", "Số điện thoại", "Địa điểm công trình", "Hiện trạng công trình (tầng, diện tích)",
                   "Nội dung sửa chữa, cải tạo", "Tổ chức/cá nhân thiết kế"],
        "pledge": "Tôi xin cam kết làm theo đúng giấy phép được cấp.",
    },
    "gpxd-gh": {
        "number": "Mẫu số 03 Phụ lục II Nghị định 15/2021/NĐ-CP",
        "title_vi": "ĐƠN ĐỀ NGHỊ GIA HẠN GIẤY PHÉP XÂY DỰNG",
        "title_en": "Application to extend a construction permit",
        "to": "Cơ quan cấp giấy phép xây dựng",
        "fields": ["Tên chủ đầu tư", "Địa chỉ liên hệ", "Giấy phép xây dựng số, ngày cấp", "Lý do đề nghị gia hạn", "Thời hạn đề nghị gia hạn"],
        "pledge": "Tôi xin cam kết thực hiện đúng nội dung giấy phép.",
    },
    "cchn": {
        "number": "Mẫu số 01 Phụ lục IV Nghị định 15/2021/NĐ-CP",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP CHỨNG CHỈ HÀNH NGHỀ HOẠT ĐỘNG XÂY DỰNG",
        "title_en": "Application for a construction practice certificate",
        "to": "Sở Xây dựng tỉnh Bình Dương",
        "fields": ["Họ và tên", "Ngày, tháng, năm sinh", "Số định danh cá nhân", "Trình độ chuyên môn", "Lĩnh vực đề nghị cấp", "Hạng đề nghị cấp",
                   "Quá trình hoạt động chuyên môn (dự án, vai trò, thời gian)"],
        "pledge": "Tôi xin chịu trách nhiệm về tính chính xác của các nội dung kê khai.",
    },
    "gpmt": {
        "number": "Mẫu số 01 Phụ lục XII Nghị định 08/2022/NĐ-CP",
        "title_vi": "VĂN BẢN ĐỀ NGHỊ CẤP GIẤY PHÉP MÔI TRƯỜNG",
        "title_en": "Request for an environmental permit",
        "to": "Ủy ban nhân dân tỉnh Bình Dương",
        "fields": ["Tên chủ dự án đầu tư, cơ sở", "Địa chỉ trụ sở", "Người đại diện theo pháp luật", "Tên dự án, cơ sở", "Địa điểm thực hiện",
                   "Loại hình sản xuất, công suất", "Nguồn phát sinh nước thải, khí thải, lưu lượng xả tối đa", "Các công trình bảo vệ môi trường"],
        "pledge": "Chúng tôi cam kết về độ trung thực, chính xác của các thông tin trong hồ sơ.",
    },
    "dtm": {
        "number": "Mẫu số 02 Phụ lục IV Nghị định 08/2022/NĐ-CP",
        "title_vi": "VĂN BẢN ĐỀ NGHỊ THẨM ĐỊNH BÁO CÁO ĐÁNH GIÁ TÁC ĐỘNG MÔI TRƯỜNG",
        "title_en": "Request to appraise an environmental impact assessment report",
        "to": "Ủy ban nhân dân tỉnh Bình Dương",
        "fields": ["Tên chủ dự án", "Địa chỉ liên hệ", "Tên dự án", "Địa điểm thực hiện dự án", "Quy mô, công suất", "Tổng vốn đầu tư"],
        "pledge": "Chúng tôi cam kết thực hiện đầy đủ các biện pháp bảo vệ môi trường.",
    },
    "dk-bien-dong": {
        "number": "Mẫu số 11/ĐK",
        "title_vi": "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
        "title_en": "Application to register a change in land use rights",
        "to": "Văn phòng đăng ký đất đai tỉnh Bình Dương",
        "fields": ["Người sử dụng đất", "Số định danh cá nhân / mã số thuế", "Địa chỉ", "Giấy chứng nhận số, số vào sổ cấp giấy",
                   "Thửa đất số, tờ bản đồ số, địa chỉ thửa đất", "Nội dung biến động", "Lý do biến động"],
        "pledge": "Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật.",
    },
    "gp-nuoc": {
        "number": "Mẫu số 01 Nghị định 54/2024/NĐ-CP",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP KHAI THÁC NƯỚC DƯỚI ĐẤT",
        "title_en": "Application for a groundwater extraction permit",
        "to": "Ủy ban nhân dân tỉnh Bình Dương",
        "fields": ["Tên tổ chức, cá nhân", "Địa chỉ", "Vị trí công trình khai thác", "Số giếng, chiều sâu", "Lưu lượng khai thác (m³/ngày đêm)",
                   "Mục đích sử dụng nước", "Thời hạn đề nghị cấp phép"],
        "pledge": "Cam kết chấp hành đúng các quy định về tài nguyên nước.",
    },
    "dkdn-tnhh1": {
        "number": "Phụ lục I-2 Thông tư 68/2025/TT-BTC",
        "title_vi": "GIẤY ĐỀ NGHỊ ĐĂNG KÝ CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN",
        "title_en": "Application to register a single-member limited liability company",
        "to": "Phòng Đăng ký kinh doanh tỉnh Bình Dương",
        "fields": ["Tên công ty viết bằng tiếng Việt", "Tên công ty viết bằng tiếng nước ngoài (nếu có)", "Địa chỉ trụ sở chính",
                   "Ngành, nghề kinh doanh (mã ngành cấp 4)", "Vốn điều lệ (đồng)", "Chủ sở hữu", "Người đại diện theo pháp luật"],
        "pledge": "Tôi cam kết trụ sở chính thuộc quyền sử dụng hợp pháp của công ty và chịu trách nhiệm về tính hợp pháp, chính xác của hồ sơ.",
    },
    "dkdn-cp": {
        "number": "Phụ lục I-4 Thông tư 68/2025/TT-BTC",
        "title_vi": "GIẤY ĐỀ NGHỊ ĐĂNG KÝ CÔNG TY CỔ PHẦN",
        "title_en": "Application to register a joint-stock company",
        "to": "Phòng Đăng ký kinh doanh tỉnh Bình Dương",
        "fields": ["Tên công ty", "Địa chỉ trụ sở chính", "Ngành, nghề kinh doanh", "Vốn điều lệ, số cổ phần", "Cổ đông sáng lập",
                   "Người đại diện theo pháp luật"],
        "pledge": "Chúng tôi chịu trách nhiệm về tính hợp pháp, chính xác, trung thực của hồ sơ.",
    },
    "dkdn-thaydoi": {
        "number": "Phụ lục II-1 Thông tư 68/2025/TT-BTC",
        "title_vi": "GIẤY ĐỀ NGHỊ ĐĂNG KÝ THAY ĐỔI NỘI DUNG ĐĂNG KÝ DOANH NGHIỆP",
        "title_en": "Application to change the enterprise registration",
        "to": "Phòng Đăng ký kinh doanh tỉnh Bình Dương",
        "fields": ["Tên doanh nghiệp", "Mã số doanh nghiệp", "Nội dung đăng ký thay đổi", "Nội dung sau khi thay đổi"],
        "pledge": "Doanh nghiệp cam kết chịu trách nhiệm về tính chính xác của hồ sơ.",
    },
    "dautu": {
        "number": "Mẫu A.I.1 Thông tư 03/2021/TT-BKHĐT",
        "title_vi": "VĂN BẢN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN ĐĂNG KÝ ĐẦU TƯ",
        "title_en": "Request for an investment registration certificate",
        "to": "Sở Kế hoạch và Đầu tư tỉnh Bình Dương",
        "fields": ["Nhà đầu tư", "Tên dự án", "Mục tiêu, quy mô dự án", "Địa điểm thực hiện", "Vốn đầu tư, nguồn vốn", "Tiến độ thực hiện",
                   "Nhu cầu sử dụng đất"],
        "pledge": "Nhà đầu tư cam kết chịu trách nhiệm về tính hợp pháp, chính xác, trung thực của hồ sơ.",
    },
    "hkd": {
        "number": "Phụ lục III-1 Thông tư 68/2025/TT-BTC",
        "title_vi": "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH",
        "title_en": "Application to register a household business",
        "to": "Cơ quan đăng ký kinh doanh cấp huyện",
        "fields": ["Tên hộ kinh doanh", "Địa chỉ trụ sở", "Ngành, nghề kinh doanh", "Vốn kinh doanh (đồng)", "Số lao động",
                   "Chủ hộ kinh doanh: họ tên, số định danh cá nhân"],
        "pledge": "Tôi cam kết chịu trách nhiệm về tính hợp pháp, chính xác của hồ sơ.",
    },
    "khen-thuong": {
        "number": "Mẫu số 01 Nghị định 152/2025/NĐ-CP",
        "title_vi": "TỜ TRÌNH ĐỀ NGHỊ KHEN THƯỞNG",
        "title_en": "Proposal for a commendation",
        "to": "Chủ tịch Ủy ban nhân dân tỉnh Bình Dương",
        "fields": ["Cơ quan, đơn vị đề nghị", "Hình thức khen thưởng đề nghị", "Tập thể, cá nhân được đề nghị", "Thành tích đạt được",
                   "Ý kiến của Hội đồng thi đua, khen thưởng cơ sở"],
        "pledge": "",
    },
    "hoi": {
        "number": "Mẫu số 01 Thông tư 03/2013/TT-BNV",
        "title_vi": "ĐƠN ĐỀ NGHỊ CHO PHÉP THÀNH LẬP HỘI",
        "title_en": "Application to establish an association",
        "to": "Ủy ban nhân dân tỉnh Bình Dương",
        "fields": ["Tên hội", "Tôn chỉ, mục đích", "Lĩnh vực hoạt động", "Phạm vi hoạt động", "Dự kiến số hội viên", "Trụ sở", "Trưởng ban vận động"],
        "pledge": "",
    },
    "luu-tru": {
        "number": "Mẫu Phiếu yêu cầu Thông tư 10/2022/TT-BNV",
        "title_vi": "PHIẾU YÊU CẦU CẤP BẢN SAO, CHỨNG THỰC TÀI LIỆU LƯU TRỮ",
        "title_en": "Request for certified copies of archival records",
        "to": "Trung tâm Lưu trữ lịch sử tỉnh Bình Dương",
        "fields": ["Họ và tên", "Số định danh cá nhân", "Địa chỉ", "Tài liệu yêu cầu (tên, số, ngày)", "Mục đích sử dụng", "Số bản"],
        "pledge": "",
    },
    "vtai": {
        "number": "Phụ lục I Nghị định 158/2024/NĐ-CP",
        "title_vi": "GIẤY ĐỀ NGHỊ CẤP GIẤY PHÉP KINH DOANH VẬN TẢI BẰNG XE Ô TÔ",
        "title_en": "Application for a road transport business licence",
        "to": "Sở Giao thông vận tải tỉnh Bình Dương",
        "fields": ["Tên đơn vị kinh doanh vận tải", "Địa chỉ trụ sở", "Mã số doanh nghiệp", "Người đại diện theo pháp luật", "Loại hình kinh doanh vận tải",
                   "Số xe, sức chứa"],
        "pledge": "Đơn vị cam kết thực hiện đúng điều kiện kinh doanh vận tải.",
    },
    "phu-hieu": {
        "number": "Phụ lục V Nghị định 158/2024/NĐ-CP",
        "title_vi": "GIẤY ĐỀ NGHỊ CẤP PHÙ HIỆU XE Ô TÔ",
        "title_en": "Application for vehicle badges",
        "to": "Sở Giao thông vận tải tỉnh Bình Dương",
        "fields": ["Tên đơn vị", "Số giấy phép kinh doanh vận tải", "Biển kiểm soát, sức chứa, năm sản xuất của từng xe", "Loại phù hiệu đề nghị cấp"],
        "pledge": "",
    },
    "thi-cong-duong": {
        "number": "Phụ lục Thông tư 39/2024/TT-BGTVT",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP THI CÔNG CÔNG TRÌNH TRÊN ĐƯỜNG BỘ ĐANG KHAI THÁC",
        "title_en": "Application to work on a road in service",
        "to": "Sở Giao thông vận tải tỉnh Bình Dương",
        "fields": ["Tên đơn vị đề nghị", "Tuyến đường, lý trình", "Hạng mục thi công", "Thời gian thi công", "Biện pháp bảo đảm an toàn giao thông"],
        "pledge": "",
    },
    "khcn": {
        "number": "Mẫu 01 Thông tư 03/2014/TT-BKHCN",
        "title_vi": "ĐƠN ĐĂNG KÝ HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ",
        "title_en": "Registration of science and technology activities",
        "to": "Sở Khoa học và Công nghệ tỉnh Bình Dương",
        "fields": ["Tên tổ chức", "Trụ sở chính", "Lĩnh vực hoạt động khoa học và công nghệ", "Nhân lực (số người có trình độ đại học trở lên)",
                   "Cơ sở vật chất - kỹ thuật", "Vốn"],
        "pledge": "",
    },
    "buc-xa": {
        "number": "Mẫu 01 Thông tư 08/2010/TT-BKHCN",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP TIẾN HÀNH CÔNG VIỆC BỨC XẠ",
        "title_en": "Application for a radiation work licence",
        "to": "Sở Khoa học và Công nghệ tỉnh Bình Dương",
        "fields": ["Tên cơ sở", "Địa chỉ", "Thiết bị X-quang: hãng, model, số sê-ri", "Nơi đặt thiết bị", "Người phụ trách an toàn bức xạ",
                   "Chứng chỉ nhân viên bức xạ"],
        "pledge": "",
    },
    "dn-khcn": {
        "number": "Mẫu 01 Thông tư 06/2019/TT-BKHCN",
        "title_vi": "ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN DOANH NGHIỆP KHOA HỌC VÀ CÔNG NGHỆ",
        "title_en": "Request for a science and technology enterprise certificate",
        "to": "Sở Khoa học và Công nghệ tỉnh Bình Dương",
        "fields": ["Tên doanh nghiệp", "Mã số doanh nghiệp", "Kết quả khoa học và công nghệ được ứng dụng", "Doanh thu từ sản phẩm khoa học và công nghệ"],
        "pledge": "",
    },
    "ban-tin": {
        "number": "Mẫu số 21 Thông tư 41/2020/TT-BTTTT",
        "title_vi": "TỜ KHAI ĐỀ NGHỊ CẤP GIẤY PHÉP XUẤT BẢN BẢN TIN",
        "title_en": "Application to publish a newsletter",
        "to": "Sở Thông tin và Truyền thông tỉnh Bình Dương",
        "fields": ["Tên cơ quan, tổ chức", "Tên bản tin", "Mục đích, nội dung thông tin", "Đối tượng phục vụ", "Kỳ hạn xuất bản, khuôn khổ, số trang",
                   "Số lượng phát hành", "Người chịu trách nhiệm"],
        "pledge": "",
    },
    "in": {
        "number": "Mẫu số 02 Thông tư 01/2020/TT-BTTTT",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP HOẠT ĐỘNG IN XUẤT BẢN PHẨM",
        "title_en": "Application for a licence to print publications",
        "to": "Sở Thông tin và Truyền thông tỉnh Bình Dương",
        "fields": ["Tên cơ sở in", "Địa chỉ", "Người đứng đầu", "Thiết bị in chính", "Sản phẩm in"],
        "pledge": "",
    },
    "ttdt": {
        "number": "Mẫu số 23 Nghị định 147/2024/NĐ-CP",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP THIẾT LẬP TRANG THÔNG TIN ĐIỆN TỬ TỔNG HỢP",
        "title_en": "Application to set up a general news website",
        "to": "Sở Thông tin và Truyền thông tỉnh Bình Dương",
        "fields": ["Tên tổ chức, doanh nghiệp", "Tên miền", "Mục đích cung cấp thông tin", "Nguồn tin", "Người chịu trách nhiệm quản lý nội dung",
                   "Vị trí đặt máy chủ"],
        "pledge": "",
    },
    "chuyen-truong": {
        "number": "Mẫu đơn Thông tư 50/2021/TT-BGDĐT",
        "title_vi": "ĐƠN XIN CHUYỂN TRƯỜNG",
        "title_en": "Application for a school transfer",
        "to": "Hiệu trưởng trường trung học phổ thông",
        "fields": ["Họ và tên học sinh", "Ngày sinh", "Đang học lớp, trường", "Trường xin chuyển đến", "Lý do chuyển trường",
                   "Họ tên cha, mẹ hoặc người giám hộ"],
        "pledge": "",
    },
    "ban-sao-vb": {
        "number": "Mẫu Phụ lục Thông tư 21/2019/TT-BGDĐT",
        "title_vi": "ĐƠN ĐỀ NGHỊ CẤP BẢN SAO VĂN BẰNG, CHỨNG CHỈ TỪ SỔ GỐC",
        "title_en": "Request for a copy of a diploma from the original register",
        "to": "Sở Giáo dục và Đào tạo tỉnh Bình Dương",
        "fields": ["Họ và tên người được cấp văn bằng", "Ngày sinh", "Tên văn bằng, chứng chỉ", "Năm tốt nghiệp, trường", "Số hiệu, số vào sổ gốc", "Số bản sao đề nghị cấp"],
        "pledge": "",
    },
    "ngoai-ngu": {
        "number": "Mẫu Nghị định 125/2024/NĐ-CP",
        "title_vi": "TỜ TRÌNH ĐỀ NGHỊ CHO PHÉP TRUNG TÂM NGOẠI NGỮ, TIN HỌC HOẠT ĐỘNG GIÁO DỤC",
        "title_en": "Request to allow a language and IT centre to operate",
        "to": "Sở Giáo dục và Đào tạo tỉnh Bình Dương",
        "fields": ["Tên trung tâm", "Địa chỉ", "Chương trình giảng dạy", "Đội ngũ giáo viên", "Cơ sở vật chất", "Quy mô học viên dự kiến"],
        "pledge": "",
    },
    "hoi-thao": {
        "number": "Mẫu Quyết định 06/2020/QĐ-TTg",
        "title_vi": "VĂN BẢN ĐỀ NGHỊ TỔ CHỨC HỘI NGHỊ, HỘI THẢO QUỐC TẾ",
        "title_en": "Request to hold an international conference",
        "to": "Ủy ban nhân dân tỉnh Bình Dương",
        "fields": ["Cơ quan tổ chức", "Tên hội nghị, hội thảo", "Mục đích, nội dung", "Thời gian, địa điểm", "Thành phần tham dự (Việt Nam, nước ngoài)",
                   "Nguồn kinh phí"],
        "pledge": "",
    },
    "abtc": {
        "number": "Mẫu Quyết định 09/2023/QĐ-TTg",
        "title_vi": "VĂN BẢN ĐỀ NGHỊ CHO PHÉP SỬ DỤNG THẺ ĐI LẠI CỦA DOANH NHÂN APEC",
        "title_en": "Request to use the APEC Business Travel Card",
        "to": "Ủy ban nhân dân tỉnh Bình Dương",
        "fields": ["Tên doanh nghiệp", "Mã số doanh nghiệp", "Họ tên, chức vụ doanh nhân", "Số hộ chiếu", "Các nền kinh tế APEC thường xuyên đi lại",
                   "Hợp đồng, giao dịch với đối tác APEC"],
        "pledge": "",
    },
}


def _doc(name_vi, name_en, copies=1, original=False, form="", mandatory=True):
    return {"name_vi": name_vi, "name_en": name_en, "copies": copies, "original": original, "form": form, "mandatory": mandatory}


def _step(key, name_vi, name_en, unit, days, note_vi="", note_en=""):
    out = {"key": key, "name_vi": name_vi, "name_en": name_en, "unit": unit, "days": days}
    if note_vi:
        out.update(note_vi=note_vi, note_en=note_en)
    return out


def _fee(name_vi, name_en, amount, note=""):
    return {"name_vi": name_vi, "name_en": name_en, "amount_vnd": amount, "note": note}


def _receive(days=0.5):
    return _step("receive", "Tiếp nhận, kiểm tra hồ sơ và chuyển xử lý", "Receive, check and forward the dossier", RECV, days)


def _return(days=0.5):
    return _step("return", "Trả kết quả cho tổ chức, cá nhân", "Return the result to the applicant", RECV, days)


def _simple_steps(unit, days, name_vi="Thẩm định hồ sơ, trình ký kết quả", name_en="Appraise and sign the result"):
    """Receive half a day, the competent unit does the work, return half a day."""
    return [_receive(), _step("process", name_vi, name_en, unit, days - 1), _return()]


APPRAISAL_NOTE_VI = ("Luật Xây dựng điều 102: thẩm định, kiểm tra thực địa trong 7 ngày làm việc; hồ sơ chưa đủ thì thông báo "
                     "bổ sung một lần; bổ sung vẫn chưa đáp ứng thì trong 5 ngày làm việc thông báo hướng dẫn tiếp; không đủ "
                     "điều kiện thì trong 3 ngày làm việc thông báo từ chối, nêu rõ lý do.")
APPRAISAL_NOTE_EN = ("Construction Law art. 102: appraisal and site check within 7 working days; an incomplete dossier gets one "
                     "request to complete; if still incomplete, a notice within 5 working days; if the conditions are not met, a "
                     "refusal with reasons within 3 working days.")

HOUSE_DOCS = [
    _doc("Đơn đề nghị cấp giấy phép xây dựng", "Application for a construction permit", 1, True, "gpxd-01"),
    _doc("Bản sao một trong những giấy tờ chứng minh quyền sử dụng đất", "Copy of a paper proving the land-use right", 1),
    _doc("02 bộ bản vẽ thiết kế xây dựng: mặt bằng vị trí, mặt bằng các tầng, mặt đứng, mặt cắt, móng, sơ đồ đấu nối hạ tầng kỹ thuật",
         "Two sets of design drawings: site plan, floor plans, elevations, sections, foundation, utility connections", 2, True),
    _doc("Văn bản thẩm duyệt thiết kế về phòng cháy và chữa cháy (trường hợp phải thẩm duyệt)",
         "Fire-safety design approval (where required)", 1, False, "", False),
    _doc("Bản cam kết bảo đảm an toàn đối với công trình liền kề (công trình có tầng hầm hoặc xây chen)",
         "Undertaking on the safety of adjoining buildings (basements or infill)", 1, True, "", False),
]

# Each procedure: code, names, field, level, owner (competent unit), legal basis, days, fees, online, docs, steps,
# result; `v2025` (for VERSIONED ones) lists what changes in version 2.
PROCEDURES = [
    # -- Department of Construction -------------------------------------------------------------------------------
    {
        "code": "1.009972", "field": "xay-dung", "level": "province", "unit": "DOC",
        "name_vi": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "name_en": "Construction permit for a new individual house",
        "legal_basis": "Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14 (Điều 95, 102); Nghị định 59/2015/NĐ-CP, "
                       "sau là Nghị định 15/2021/NĐ-CP",
        "days": 15, "fees": [_fee("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", "Fee for an individual house permit", 75000)],
        "online": "partial", "docs": HOUSE_DOCS,
        "steps": [_receive(),
                  _step("appraisal", "Thẩm định hồ sơ, kiểm tra thực địa", "Appraisal and site check", "DOC", 7, APPRAISAL_NOTE_VI, APPRAISAL_NOTE_EN),
                  _step("consult", "Lấy ý kiến cơ quan quản lý đất đai (khi cần)", "Consult the land authority (where needed)", "DONRE", 4),
                  _step("sign", "Trình lãnh đạo Sở ký giấy phép", "Director signs the permit", "DOC", 3),
                  _return()],
        "result": ("Giấy phép xây dựng", "Construction permit"),
        "conditions": "Phù hợp quy hoạch chi tiết xây dựng; bảo đảm an toàn công trình và công trình lân cận; thiết kế đáp ứng quy chuẩn.",
        "v2025": {
            "legal_basis": "Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14 (Điều 95, 102); Nghị định 175/2024/NĐ-CP",
            "online": "partial",
        },
    },
    {
        "code": "1.009974", "field": "xay-dung", "level": "province", "unit": "DOC",
        "name_vi": "Cấp giấy phép sửa chữa, cải tạo đối với công trình, nhà ở riêng lẻ",
        "name_en": "Permit to repair or renovate a building or individual house",
        "legal_basis": "Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14; Nghị định 175/2024/NĐ-CP",
        "days": 15, "fees": [_fee("Lệ phí cấp giấy phép xây dựng", "Construction permit fee", 75000)], "online": "partial",
        "docs": [_doc("Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", "Application for a renovation permit", 1, True, "gpxd-02"),
                 _doc("Bản sao giấy tờ về quyền sở hữu, quản lý, sử dụng công trình, nhà ở", "Copy of the ownership papers of the building", 1),
                 _doc("Bản vẽ, ảnh chụp hiện trạng công trình", "Drawings and photographs of the present state", 1),
                 _doc("Bản vẽ thiết kế sửa chữa, cải tạo", "Renovation design drawings", 2, True)],
        "steps": [_receive(), _step("appraisal", "Thẩm định hồ sơ, kiểm tra thực địa", "Appraisal and site check", "DOC", 7, APPRAISAL_NOTE_VI, APPRAISAL_NOTE_EN),
                  _step("sign", "Trình lãnh đạo Sở ký giấy phép", "Director signs the permit", "DOC", 7), _return()],
        "result": ("Giấy phép sửa chữa, cải tạo", "Renovation permit"),
    },
    {
        "code": "1.009975", "field": "xay-dung", "level": "province", "unit": "DOC",
        "name_vi": "Gia hạn giấy phép xây dựng", "name_en": "Extension of a construction permit",
        "legal_basis": "Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14 (Điều 99); Nghị định 175/2024/NĐ-CP",
        "days": 5, "fees": [_fee("Lệ phí gia hạn giấy phép xây dựng", "Extension fee", 15000)], "online": "full",
        "docs": [_doc("Đơn đề nghị gia hạn giấy phép xây dựng", "Application for an extension", 1, True, "gpxd-gh"),
                 _doc("Bản chính giấy phép xây dựng đã được cấp", "The original permit", 1, True)],
        "steps": _simple_steps("DOC", 5, "Xem xét, ghi gia hạn vào giấy phép", "Review and endorse the extension"),
        "result": ("Giấy phép xây dựng được gia hạn", "Extended construction permit"),
    },
    {
        "code": "1.009986", "field": "xay-dung", "level": "province", "unit": "DOC",
        "name_vi": "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
        "name_en": "Construction practice certificate, grades II and III",
        "legal_basis": "Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14 (Điều 149); Nghị định 175/2024/NĐ-CP; Thông tư 38/2022/TT-BTC",
        "days": 20, "fees": [_fee("Lệ phí cấp chứng chỉ hành nghề", "Certificate fee", 300000)], "online": "full",
        "docs": [_doc("Đơn đề nghị cấp chứng chỉ hành nghề", "Application for the certificate", 1, True, "cchn"),
                 _doc("Ảnh màu cỡ 4x6 cm", "Colour photograph 4x6 cm", 2, True),
                 _doc("Văn bằng chuyên môn", "Professional degree", 1),
                 _doc("Bản kê khai kinh nghiệm hoạt động xây dựng", "Statement of construction experience", 1, True)],
        "steps": [_receive(), _step("review", "Xét cấp chứng chỉ (sát hạch nếu cần)", "Assess the applicant (examination where required)", "DOC", 15),
                  _step("sign", "Trình ký, cấp chứng chỉ", "Sign and issue the certificate", "DOC", 4), _return()],
        "result": ("Chứng chỉ hành nghề hoạt động xây dựng", "Construction practice certificate"),
    },
    # -- Department of Natural Resources and Environment --------------------------------------------------------------
    {
        "code": "1.010727", "field": "moi-truong", "level": "province", "unit": "DONRE",
        "name_vi": "Cấp giấy phép môi trường (cấp tỉnh)", "name_en": "Environmental permit (provincial)",
        "legal_basis": "Luật Bảo vệ môi trường số 72/2020/QH14 (Điều 43); Nghị định 08/2022/NĐ-CP",
        "days": 30, "fees": [_fee("Phí thẩm định cấp giấy phép môi trường", "Appraisal charge", 15000000, "Theo nghị quyết HĐND tỉnh")],
        "online": "partial",
        "docs": [_doc("Văn bản đề nghị cấp giấy phép môi trường", "Request for the permit", 1, True, "gpmt"),
                 _doc("Báo cáo đề xuất cấp giấy phép môi trường", "Report proposing the permit", 1, True),
                 _doc("Bản sao báo cáo nghiên cứu khả thi hoặc tài liệu tương đương", "Copy of the feasibility study", 1)],
        "steps": [_receive(), _step("appraisal", "Thẩm định, kiểm tra thực tế", "Appraisal and site inspection", "DONRE", 20),
                  _step("consult", "Lấy ý kiến cơ quan liên quan", "Consult related agencies", "DOC", 5),
                  _step("sign", "Trình UBND tỉnh cấp giấy phép", "Submit to the Provincial People's Committee to sign", "DONRE", 4), _return()],
        "result": ("Giấy phép môi trường", "Environmental permit"),
        "v2025": {"days": 20, "legal_basis": "Luật Bảo vệ môi trường số 72/2020/QH14 (Điều 43); Nghị định 08/2022/NĐ-CP, sửa đổi bởi Nghị định 05/2025/NĐ-CP",
                  "steps": [_receive(), _step("appraisal", "Thẩm định, kiểm tra thực tế", "Appraisal and site inspection", "DONRE", 13),
                            _step("consult", "Lấy ý kiến cơ quan liên quan", "Consult related agencies", "DOC", 3),
                            _step("sign", "Trình UBND tỉnh cấp giấy phép", "Submit to the Provincial People's Committee to sign", "DONRE", 3), _return()]},
    },
    {
        "code": "1.010728", "field": "moi-truong", "level": "province", "unit": "DONRE",
        "name_vi": "Thẩm định báo cáo đánh giá tác động môi trường (cấp tỉnh)",
        "name_en": "Appraisal of an environmental impact assessment report (provincial)",
        "legal_basis": "Luật Bảo vệ môi trường số 72/2020/QH14 (Điều 34); Nghị định 08/2022/NĐ-CP",
        "days": 25, "fees": [_fee("Phí thẩm định báo cáo đánh giá tác động môi trường", "EIA appraisal charge", 10000000, "Tùy tổng vốn đầu tư")],
        "online": "partial",
        "docs": [_doc("Văn bản đề nghị thẩm định", "Request for appraisal", 1, True, "dtm"),
                 _doc("Báo cáo đánh giá tác động môi trường", "EIA report", 1, True),
                 _doc("Báo cáo nghiên cứu khả thi", "Feasibility study", 1)],
        "steps": [_receive(), _step("council", "Hội đồng thẩm định họp, khảo sát", "Appraisal council meets and visits", "DONRE", 18),
                  _step("sign", "Trình phê duyệt kết quả thẩm định", "Submit the result for approval", "DONRE", 6), _return()],
        "result": ("Quyết định phê duyệt kết quả thẩm định báo cáo ĐTM", "Decision approving the EIA appraisal"),
    },
    {
        "code": "1.004227", "field": "dat-dai", "level": "province", "unit": "DONRE",
        "name_vi": "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng",
        "name_en": "Registration of a transfer of land-use rights and attached assets",
        "legal_basis": "Luật Đất đai số 31/2024/QH15 (Điều 133); Nghị định 101/2024/NĐ-CP",
        "days": 10, "fees": [_fee("Lệ phí cấp giấy chứng nhận", "Certificate fee", 50000), _fee("Phí thẩm định hồ sơ", "Dossier appraisal charge", 500000)],
        "online": "partial",
        "docs": [_doc("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất", "Application to register the change", 1, True, "dk-bien-dong"),
                 _doc("Hợp đồng chuyển nhượng có công chứng hoặc chứng thực", "Notarised transfer contract", 1, True),
                 _doc("Bản gốc giấy chứng nhận đã cấp", "The original certificate", 1, True)],
        "steps": [_receive(), _step("register", "Kiểm tra, cập nhật hồ sơ địa chính", "Check and update the cadastral records", "DONRE", 6),
                  _step("tax", "Xác định nghĩa vụ tài chính (cơ quan thuế)", "Tax authority assesses the duties", "DONRE", 3), _return()],
        "result": ("Giấy chứng nhận quyền sử dụng đất đã cập nhật biến động", "Updated land-use right certificate"),
    },
    {
        "code": "1.004232", "field": "tai-nguyen-nuoc", "level": "province", "unit": "DONRE",
        "name_vi": "Cấp giấy phép khai thác nước dưới đất (quy mô dưới 3.000 m³/ngày đêm)",
        "name_en": "Groundwater extraction permit (under 3,000 m³ a day)",
        "legal_basis": "Luật Tài nguyên nước số 28/2023/QH15; Nghị định 54/2024/NĐ-CP",
        "days": 30, "fees": [_fee("Phí thẩm định đề án khai thác nước dưới đất", "Appraisal charge", 1800000)], "online": "partial",
        "docs": [_doc("Đơn đề nghị cấp giấy phép", "Application for the permit", 1, True, "gp-nuoc"),
                 _doc("Báo cáo kết quả thăm dò hoặc hiện trạng khai thác", "Exploration or extraction report", 1, True),
                 _doc("Kết quả phân tích chất lượng nước", "Water quality analysis", 1, True)],
        "steps": [_receive(), _step("appraisal", "Thẩm định đề án, kiểm tra thực tế", "Appraise the scheme and inspect", "DONRE", 24),
                  _step("sign", "Trình UBND tỉnh cấp giấy phép", "Submit to the Provincial People's Committee", "DONRE", 5), _return()],
        "result": ("Giấy phép khai thác nước dưới đất", "Groundwater extraction permit"),
    },
    {
        "code": "1.004269", "field": "dat-dai", "level": "province", "unit": "DONRE",
        "name_vi": "Cung cấp thông tin, dữ liệu đất đai", "name_en": "Supply of land information and data",
        "legal_basis": "Luật Đất đai số 31/2024/QH15 (Điều 60); Nghị định 101/2024/NĐ-CP",
        "days": 2, "fees": [_fee("Phí khai thác, sử dụng tài liệu đất đai", "Charge for land records", 50000, "Mỗi hồ sơ, thửa đất")], "online": "full",
        "docs": [_doc("Phiếu yêu cầu cung cấp thông tin, dữ liệu đất đai", "Request for land information", 1, True)],
        "steps": [_receive(0.25), _step("search", "Tra cứu, trích lục dữ liệu", "Search and extract the data", "DONRE", 1.5), _return(0.25)],
        "result": ("Thông tin, dữ liệu đất đai", "Land information"),
    },
    # -- Department of Planning and Investment -----------------------------------------------------------------------
    {
        "code": "2.001610", "field": "thanh-lap-doanh-nghiep", "level": "province", "unit": "DPI",
        "name_vi": "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        "name_en": "Registration of a single-member limited liability company",
        "legal_basis": "Luật Doanh nghiệp số 59/2020/QH14; Nghị định 01/2021/NĐ-CP",
        "days": 3, "fees": [_fee("Lệ phí đăng ký doanh nghiệp", "Registration fee", 50000, "Miễn khi nộp trực tuyến"),
                            _fee("Phí công bố nội dung đăng ký doanh nghiệp", "Publication charge", 100000)],
        "online": "partial",
        "docs": [_doc("Giấy đề nghị đăng ký doanh nghiệp", "Application for enterprise registration", 1, True, "dkdn-tnhh1"),
                 _doc("Điều lệ công ty", "Company charter", 1, True),
                 _doc("Bản sao giấy tờ pháp lý của chủ sở hữu", "Copy of the owner's identity papers", 1)],
        "steps": [_receive(0.25), _step("review", "Xem xét tính hợp lệ, cấp giấy chứng nhận", "Check and issue the certificate", "DPI", 2.5), _return(0.25)],
        "result": ("Giấy chứng nhận đăng ký doanh nghiệp", "Enterprise registration certificate"),
        "v2025": {"online": "full", "legal_basis": "Luật Doanh nghiệp số 59/2020/QH14, sửa đổi bởi Luật số 76/2025/QH15; Nghị định 168/2025/NĐ-CP",
                  "fees": [_fee("Lệ phí đăng ký doanh nghiệp", "Registration fee", 50000, "Miễn khi nộp trực tuyến"),
                           _fee("Phí công bố nội dung đăng ký doanh nghiệp", "Publication charge", 100000)]},
    },
    {
        "code": "2.001612", "field": "thanh-lap-doanh-nghiep", "level": "province", "unit": "DPI",
        "name_vi": "Đăng ký thành lập công ty cổ phần", "name_en": "Registration of a joint-stock company",
        "legal_basis": "Luật Doanh nghiệp số 59/2020/QH14; Nghị định 168/2025/NĐ-CP",
        "days": 3, "fees": [_fee("Lệ phí đăng ký doanh nghiệp", "Registration fee", 50000, "Miễn khi nộp trực tuyến"),
                            _fee("Phí công bố nội dung đăng ký doanh nghiệp", "Publication charge", 100000)],
        "online": "full",
        "docs": [_doc("Giấy đề nghị đăng ký doanh nghiệp", "Application for enterprise registration", 1, True, "dkdn-cp"),
                 _doc("Điều lệ công ty", "Company charter", 1, True),
                 _doc("Danh sách cổ đông sáng lập", "List of founding shareholders", 1, True),
                 _doc("Bản sao giấy tờ pháp lý của cổ đông sáng lập", "Copies of the founders' identity papers", 1)],
        "steps": [_receive(0.25), _step("review", "Xem xét tính hợp lệ, cấp giấy chứng nhận", "Check and issue the certificate", "DPI", 2.5), _return(0.25)],
        "result": ("Giấy chứng nhận đăng ký doanh nghiệp", "Enterprise registration certificate"),
    },
    {
        "code": "2.002035", "field": "thanh-lap-doanh-nghiep", "level": "province", "unit": "DPI",
        "name_vi": "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "name_en": "Change of enterprise registration details",
        "legal_basis": "Luật Doanh nghiệp số 59/2020/QH14; Nghị định 168/2025/NĐ-CP",
        "days": 3, "fees": [_fee("Lệ phí đăng ký doanh nghiệp", "Registration fee", 50000, "Miễn khi nộp trực tuyến")], "online": "full",
        "docs": [_doc("Giấy đề nghị đăng ký thay đổi", "Application for the change", 1, True, "dkdn-thaydoi"),
                 _doc("Nghị quyết, quyết định của chủ sở hữu hoặc hội đồng", "Resolution of the owners or board", 1, True)],
        "steps": [_receive(0.25), _step("review", "Xem xét, cấp giấy chứng nhận mới", "Review and issue the new certificate", "DPI", 2.5), _return(0.25)],
        "result": ("Giấy chứng nhận đăng ký doanh nghiệp (thay đổi)", "Amended enterprise registration certificate"),
    },
    {
        "code": "1.009645", "field": "dau-tu", "level": "province", "unit": "DPI",
        "name_vi": "Cấp giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư",
        "name_en": "Investment registration certificate for a project without in-principle approval",
        "legal_basis": "Luật Đầu tư số 61/2020/QH14 (Điều 38); Nghị định 31/2021/NĐ-CP",
        "days": 15, "fees": [], "online": "partial",
        "docs": [_doc("Văn bản đề nghị thực hiện dự án đầu tư", "Request to carry out the investment project", 1, True, "dautu"),
                 _doc("Đề xuất dự án đầu tư", "Investment project proposal", 1, True),
                 _doc("Tài liệu chứng minh năng lực tài chính của nhà đầu tư", "Proof of the investor's financial capacity", 1)],
        "steps": [_receive(), _step("appraisal", "Thẩm định hồ sơ dự án", "Appraise the project", "DPI", 8),
                  _step("consult", "Lấy ý kiến sở, ngành liên quan", "Consult related departments", "DONRE", 4),
                  _step("sign", "Cấp giấy chứng nhận đăng ký đầu tư", "Issue the certificate", "DPI", 2), _return()],
        "result": ("Giấy chứng nhận đăng ký đầu tư", "Investment registration certificate"),
    },
    # -- Department of Home Affairs ----------------------------------------------------------------------------------
    {
        "code": "1.000775", "field": "thi-dua-khen-thuong", "level": "province", "unit": "DOHA",
        "name_vi": "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "name_en": "Certificate of merit of the Chairman of the Provincial People's Committee",
        "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP",
        "days": 20, "fees": [], "online": "partial",
        "docs": [_doc("Tờ trình đề nghị khen thưởng", "Proposal for the award", 1, True, "khen-thuong"),
                 _doc("Báo cáo thành tích của tập thể, cá nhân", "Report on the achievements", 1, True),
                 _doc("Biên bản họp Hội đồng thi đua, khen thưởng", "Minutes of the commendation council", 1, True)],
        "steps": [_receive(), _step("appraisal", "Thẩm định hồ sơ, trình Hội đồng", "Appraise and submit to the council", "DOHA", 14),
                  _step("sign", "Trình Chủ tịch UBND tỉnh quyết định", "Chairman decides", "DOHA", 5), _return()],
        "result": ("Quyết định và Bằng khen", "Decision and certificate of merit"),
    },
    {
        "code": "1.003822", "field": "hoi-to-chuc-phi-chinh-phu", "level": "province", "unit": "DOHA",
        "name_vi": "Cho phép thành lập hội có phạm vi hoạt động trong tỉnh", "name_en": "Permission to establish a provincial association",
        "legal_basis": "Nghị định 126/2024/NĐ-CP về tổ chức, hoạt động và quản lý hội",
        "days": 30, "fees": [], "online": "partial",
        "docs": [_doc("Đơn đề nghị thành lập hội", "Application to establish the association", 1, True, "hoi"),
                 _doc("Dự thảo điều lệ hội", "Draft charter", 1, True),
                 _doc("Danh sách, lý lịch trích ngang thành viên ban vận động", "Founding committee members and résumés", 1, True)],
        "steps": [_receive(), _step("appraisal", "Thẩm định hồ sơ", "Appraise the dossier", "DOHA", 20),
                  _step("consult", "Lấy ý kiến cơ quan quản lý ngành, lĩnh vực", "Consult the sector's department", "DOST", 5),
                  _step("sign", "Trình UBND tỉnh quyết định", "Provincial People's Committee decides", "DOHA", 4), _return()],
        "result": ("Quyết định cho phép thành lập hội", "Decision allowing the association"),
    },
    {
        "code": "2.001823", "field": "van-thu-luu-tru", "level": "province", "unit": "DOHA",
        "name_vi": "Cấp bản sao và chứng thực tài liệu lưu trữ", "name_en": "Certified copies of archival records",
        "legal_basis": "Luật Lưu trữ số 33/2024/QH15; Thông tư 275/2016/TT-BTC",
        "days": 2, "fees": [_fee("Phí chứng thực tài liệu lưu trữ", "Certification charge", 10000, "Mỗi trang")], "online": "full",
        "docs": [_doc("Phiếu yêu cầu cấp bản sao, chứng thực tài liệu lưu trữ", "Request form", 1, True, "luu-tru")],
        "steps": [_receive(0.25), _step("search", "Tra tìm, sao và chứng thực", "Find, copy and certify", "DOHA", 1.5), _return(0.25)],
        "result": ("Bản sao tài liệu lưu trữ có chứng thực", "Certified copy"),
    },
    # -- Department of Transport -------------------------------------------------------------------------------------
    {
        "code": "1.002859", "field": "duong-bo", "level": "province", "unit": "DOT",
        "name_vi": "Cấp giấy phép kinh doanh vận tải bằng xe ô tô", "name_en": "Road transport business licence",
        "legal_basis": "Luật Đường bộ số 35/2024/QH15; Nghị định 158/2024/NĐ-CP",
        "days": 5, "fees": [_fee("Lệ phí cấp giấy phép kinh doanh vận tải", "Licence fee", 200000)], "online": "full",
        "docs": [_doc("Giấy đề nghị cấp giấy phép kinh doanh", "Application for the licence", 1, True, "vtai"),
                 _doc("Bản sao văn bằng, chứng chỉ của người điều hành vận tải", "Copy of the transport manager's qualification", 1),
                 _doc("Phương án kinh doanh vận tải", "Transport business plan", 1, True)],
        "steps": [_receive(), _step("review", "Thẩm định điều kiện kinh doanh", "Check the business conditions", "DOT", 3),
                  _step("sign", "Ký giấy phép", "Sign the licence", "DOT", 1), _return()],
        "result": ("Giấy phép kinh doanh vận tải bằng xe ô tô", "Road transport business licence"),
        "v2025": {"legal_basis": "Luật Đường bộ số 35/2024/QH15; Nghị định 158/2024/NĐ-CP (thay Nghị định 10/2020/NĐ-CP)",
                  "documents": [_doc("Giấy đề nghị cấp giấy phép kinh doanh", "Application for the licence", 1, True, "vtai"),
                                _doc("Bản sao văn bằng, chứng chỉ của người điều hành vận tải", "Copy of the transport manager's qualification", 1),
                                _doc("Phương án kinh doanh vận tải", "Transport business plan", 1, True),
                                _doc("Quyết định thành lập bộ phận quản lý, theo dõi các điều kiện về an toàn giao thông",
                                     "Decision setting up the traffic-safety unit", 1)]},
        "v2018_legal_basis": "Luật Giao thông đường bộ số 23/2008/QH12; Nghị định 86/2014/NĐ-CP, sau là Nghị định 10/2020/NĐ-CP",
    },
    {
        "code": "1.002861", "field": "duong-bo", "level": "province", "unit": "DOT",
        "name_vi": "Cấp phù hiệu xe ô tô kinh doanh vận tải", "name_en": "Badges for commercial transport vehicles",
        "legal_basis": "Nghị định 158/2024/NĐ-CP", "days": 2, "fees": [], "online": "full",
        "docs": [_doc("Giấy đề nghị cấp phù hiệu", "Application for badges", 1, True, "phu-hieu"),
                 _doc("Bản sao giấy đăng ký xe", "Copy of the vehicle registration", 1)],
        "steps": [_receive(0.25), _step("issue", "Kiểm tra, cấp phù hiệu", "Check and issue the badges", "DOT", 1.5), _return(0.25)],
        "result": ("Phù hiệu xe", "Vehicle badges"),
    },
    {
        "code": "1.001035", "field": "duong-bo", "level": "province", "unit": "DOT",
        "name_vi": "Cấp giấy phép thi công công trình trên đường bộ đang khai thác (đường tỉnh)",
        "name_en": "Permit for works on a provincial road in service",
        "legal_basis": "Luật Đường bộ số 35/2024/QH15; Thông tư 39/2024/TT-BGTVT",
        "days": 7, "fees": [], "online": "partial",
        "docs": [_doc("Đơn đề nghị cấp giấy phép thi công", "Application for the works permit", 1, True, "thi-cong-duong"),
                 _doc("Hồ sơ thiết kế đã được duyệt", "Approved design", 1),
                 _doc("Phương án tổ chức thi công, bảo đảm an toàn giao thông", "Work method and traffic-safety plan", 1, True)],
        "steps": [_receive(), _step("appraisal", "Thẩm định, kiểm tra hiện trường", "Appraise and inspect the site", "DOT", 5),
                  _step("sign", "Ký giấy phép", "Sign the permit", "DOT", 1), _return()],
        "result": ("Giấy phép thi công", "Works permit"),
    },
    # -- Department of Science and Technology ------------------------------------------------------------------------
    {
        "code": "1.000811", "field": "khoa-hoc-cong-nghe", "level": "province", "unit": "DOST",
        "name_vi": "Cấp giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", "name_en": "Registration certificate for a science and technology organisation",
        "legal_basis": "Luật Khoa học và Công nghệ số 29/2013/QH13; Nghị định 08/2014/NĐ-CP; Thông tư 03/2014/TT-BKHCN",
        "days": 15, "fees": [_fee("Phí thẩm định điều kiện hoạt động", "Appraisal charge", 2500000)], "online": "partial",
        "docs": [_doc("Đơn đăng ký hoạt động khoa học và công nghệ", "Registration form", 1, True, "khcn"),
                 _doc("Quyết định thành lập tổ chức", "Founding decision", 1),
                 _doc("Điều lệ tổ chức và hoạt động", "Statutes", 1, True)],
        "steps": [_receive(), _step("appraisal", "Thẩm định hồ sơ", "Appraise the dossier", "DOST", 11),
                  _step("sign", "Ký giấy chứng nhận", "Sign the certificate", "DOST", 3), _return()],
        "result": ("Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", "Registration certificate"),
    },
    {
        "code": "2.000293", "field": "an-toan-buc-xa", "level": "province", "unit": "DOST",
        "name_vi": "Cấp giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang chẩn đoán trong y tế",
        "name_en": "Radiation work licence for medical diagnostic X-ray equipment",
        "legal_basis": "Luật Năng lượng nguyên tử số 18/2008/QH12; Nghị định 142/2020/NĐ-CP",
        "days": 10, "fees": [_fee("Phí thẩm định an toàn bức xạ", "Radiation safety appraisal charge", 2000000, "Mỗi thiết bị")], "online": "partial",
        "docs": [_doc("Đơn đề nghị cấp giấy phép", "Application for the licence", 1, True, "buc-xa"),
                 _doc("Báo cáo đánh giá an toàn bức xạ", "Radiation safety assessment", 1, True),
                 _doc("Biên bản kiểm định thiết bị X-quang", "Inspection certificate of the X-ray device", 1)],
        "steps": [_receive(), _step("appraisal", "Thẩm định an toàn", "Safety appraisal", "DOST", 7), _step("sign", "Ký giấy phép", "Sign the licence", "DOST", 2), _return()],
        "result": ("Giấy phép tiến hành công việc bức xạ", "Radiation work licence"),
    },
    {
        "code": "1.004437", "field": "khoa-hoc-cong-nghe", "level": "province", "unit": "DOST",
        "name_vi": "Cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ", "name_en": "Science and technology enterprise certificate",
        "legal_basis": "Nghị định 13/2019/NĐ-CP; Thông tư 06/2019/TT-BKHCN", "days": 7, "fees": [], "online": "full",
        "docs": [_doc("Đề nghị cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ", "Request for the certificate", 1, True, "dn-khcn"),
                 _doc("Văn bản xác nhận quyền sở hữu kết quả khoa học và công nghệ", "Proof of ownership of the S&T result", 1)],
        "steps": [_receive(), _step("appraisal", "Thẩm định, lấy ý kiến chuyên gia", "Appraise with expert opinions", "DOST", 5),
                  _step("sign", "Ký giấy chứng nhận", "Sign the certificate", "DOST", 1), _return()],
        "result": ("Giấy chứng nhận doanh nghiệp khoa học và công nghệ", "S&T enterprise certificate"),
    },
    # -- Department of Information and Communications ----------------------------------------------------------------
    {
        "code": "1.003677", "field": "xuat-ban-in", "level": "province", "unit": "DIC",
        "name_vi": "Cấp giấy phép xuất bản bản tin (địa phương)", "name_en": "Licence to publish a newsletter (local)",
        "legal_basis": "Luật Báo chí số 103/2016/QH13; Thông tư 41/2020/TT-BTTTT", "days": 10, "fees": [], "online": "full",
        "docs": [_doc("Tờ khai đề nghị cấp giấy phép xuất bản bản tin", "Application form", 1, True, "ban-tin"),
                 _doc("Mẫu trình bày tên gọi và giao diện bản tin", "Design of the title and layout", 1)],
        "steps": [_receive(), _step("appraisal", "Thẩm định nội dung, điều kiện", "Review content and conditions", "DIC", 7),
                  _step("sign", "Ký giấy phép", "Sign the licence", "DIC", 2), _return()],
        "result": ("Giấy phép xuất bản bản tin", "Newsletter licence"),
    },
    {
        "code": "1.003725", "field": "xuat-ban-in", "level": "province", "unit": "DIC",
        "name_vi": "Cấp giấy phép hoạt động in xuất bản phẩm", "name_en": "Licence to print publications",
        "legal_basis": "Luật Xuất bản số 19/2012/QH13; Nghị định 60/2014/NĐ-CP, sửa đổi bởi Nghị định 25/2018/NĐ-CP",
        "days": 15, "fees": [], "online": "partial",
        "docs": [_doc("Đơn đề nghị cấp giấy phép hoạt động in", "Application for the printing licence", 1, True, "in"),
                 _doc("Bản sao giấy tờ chứng minh quyền sử dụng mặt bằng sản xuất", "Proof of the right to use the premises", 1),
                 _doc("Danh mục thiết bị in", "List of printing equipment", 1, True)],
        "steps": [_receive(), _step("inspect", "Thẩm định, kiểm tra cơ sở in", "Appraise and inspect the print shop", "DIC", 11),
                  _step("sign", "Ký giấy phép", "Sign the licence", "DIC", 3), _return()],
        "result": ("Giấy phép hoạt động in", "Printing licence"),
    },
    {
        "code": "1.004255", "field": "thong-tin-dien-tu", "level": "province", "unit": "DIC",
        "name_vi": "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp", "name_en": "Licence for a general news website",
        "legal_basis": "Nghị định 147/2024/NĐ-CP về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng",
        "days": 10, "fees": [], "online": "full",
        "docs": [_doc("Đơn đề nghị cấp giấy phép", "Application for the licence", 1, True, "ttdt"),
                 _doc("Đề án hoạt động trang thông tin điện tử tổng hợp", "Operating plan of the website", 1, True),
                 _doc("Văn bản thỏa thuận cung cấp nguồn tin", "Agreements with news sources", 1)],
        "steps": [_receive(), _step("appraisal", "Thẩm định hồ sơ, kiểm tra kỹ thuật", "Appraise and test technically", "DIC", 7),
                  _step("sign", "Ký giấy phép", "Sign the licence", "DIC", 2), _return()],
        "result": ("Giấy phép thiết lập trang thông tin điện tử tổng hợp", "Website licence"),
    },
    # -- Department of Education and Training ------------------------------------------------------------------------
    {
        "code": "1.001818", "field": "giao-duc-trung-hoc", "level": "province", "unit": "DOET",
        "name_vi": "Chuyển trường đối với học sinh trung học phổ thông", "name_en": "Transfer of an upper secondary pupil to another school",
        "legal_basis": "Thông tư 50/2021/TT-BGDĐT", "days": 3, "fees": [], "online": "full",
        "docs": [_doc("Đơn xin chuyển trường", "Application for a school transfer", 1, True, "chuyen-truong"),
                 _doc("Học bạ", "School record book", 1, True),
                 _doc("Giấy giới thiệu chuyển trường của trường đang học", "Release letter from the present school", 1, True)],
        "steps": [_receive(0.25), _step("review", "Xem xét, đồng ý tiếp nhận", "Review and accept", "DOET", 2.5), _return(0.25)],
        "result": ("Văn bản đồng ý tiếp nhận học sinh", "Acceptance of the pupil"),
        "v2025": {"legal_basis": "Thông tư 50/2021/TT-BGDĐT; Nghị định 118/2025/NĐ-CP (tiếp nhận qua Trung tâm Phục vụ hành chính công)"},
        "v2018_legal_basis": "Quyết định 51/2002/QĐ-BGDĐT; Thông tư 50/2021/TT-BGDĐT",
        "v2018_online": "partial",
    },
    {
        "code": "1.005092", "field": "van-bang-chung-chi", "level": "province", "unit": "DOET",
        "name_vi": "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "name_en": "Copy of a diploma or certificate from the original register",
        "legal_basis": "Thông tư 21/2019/TT-BGDĐT; Nghị định 23/2015/NĐ-CP", "days": 1,
        "fees": [_fee("Phí cấp bản sao", "Copy charge", 3000, "Mỗi bản")], "online": "full",
        "docs": [_doc("Đơn đề nghị cấp bản sao từ sổ gốc", "Request for a copy", 1, True, "ban-sao-vb"),
                 _doc("Giấy tờ tùy thân", "Identity document", 1)],
        "steps": [_receive(0.25), _step("copy", "Tra sổ gốc, cấp bản sao", "Search the register and issue the copy", "DOET", 0.5), _return(0.25)],
        "result": ("Bản sao văn bằng, chứng chỉ", "Copy of the diploma"),
    },
    {
        "code": "1.005067", "field": "giao-duc-dao-tao", "level": "province", "unit": "DOET",
        "name_vi": "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục", "name_en": "Permission for a language and IT centre to operate",
        "legal_basis": "Nghị định 125/2024/NĐ-CP", "days": 20, "fees": [], "online": "partial",
        "docs": [_doc("Tờ trình đề nghị cho phép hoạt động giáo dục", "Request to operate", 1, True, "ngoai-ngu"),
                 _doc("Quyết định thành lập trung tâm", "Founding decision", 1),
                 _doc("Danh sách giáo viên kèm văn bằng", "Teachers with their qualifications", 1, True),
                 _doc("Chương trình, tài liệu giảng dạy", "Curriculum and teaching material", 1, True)],
        "steps": [_receive(), _step("inspect", "Thẩm định hồ sơ, kiểm tra thực tế", "Appraise and inspect", "DOET", 15),
                  _step("sign", "Ký quyết định cho phép", "Sign the decision", "DOET", 4), _return()],
        "result": ("Quyết định cho phép hoạt động giáo dục", "Decision allowing the centre to operate"),
    },
    # -- Department of Foreign Affairs -------------------------------------------------------------------------------
    {
        "code": "2.001798", "field": "ngoai-vu", "level": "province", "unit": "DOFA",
        "name_vi": "Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Ủy ban nhân dân tỉnh",
        "name_en": "Permission to hold an international conference (provincial authority)",
        "legal_basis": "Quyết định 06/2020/QĐ-TTg về tổ chức và quản lý hội nghị, hội thảo quốc tế tại Việt Nam",
        "days": 15, "fees": [], "online": "partial",
        "docs": [_doc("Văn bản đề nghị tổ chức hội nghị, hội thảo quốc tế", "Request to hold the conference", 1, True, "hoi-thao"),
                 _doc("Chương trình, danh sách đại biểu dự kiến", "Programme and expected participants", 1, True)],
        "steps": [_receive(), _step("appraisal", "Thẩm định, lấy ý kiến Công an tỉnh", "Appraise and consult the police", "DOFA", 10),
                  _step("sign", "Trình UBND tỉnh cho phép", "Submit to the Provincial People's Committee", "DOFA", 4), _return()],
        "result": ("Văn bản cho phép tổ chức hội nghị, hội thảo", "Permission letter"),
    },
    {
        "code": "1.009751", "field": "ngoai-vu", "level": "province", "unit": "DOFA",
        "name_vi": "Cho phép sử dụng thẻ đi lại của doanh nhân APEC (ABTC)", "name_en": "Permission to use the APEC Business Travel Card (ABTC)",
        "legal_basis": "Quyết định 09/2023/QĐ-TTg", "days": 10, "fees": [], "online": "full",
        "docs": [_doc("Văn bản đề nghị cho phép sử dụng thẻ ABTC", "Request for the ABTC", 1, True, "abtc"),
                 _doc("Bản sao hợp đồng, chứng từ giao dịch với đối tác các nền kinh tế APEC", "Copies of contracts with APEC partners", 1)],
        "steps": [_receive(), _step("appraisal", "Thẩm định, lấy ý kiến cơ quan thuế, bảo hiểm xã hội", "Appraise and consult tax and social insurance", "DOFA", 7),
                  _step("sign", "Trình UBND tỉnh ký văn bản cho phép", "Provincial People's Committee signs", "DOFA", 2), _return()],
        "result": ("Văn bản cho phép sử dụng thẻ ABTC", "ABTC permission letter"),
    },
]

# the procedures with a 2018 version 1 and a 2025 version 2
VERSIONED = [p["code"] for p in PROCEDURES if "v2025" in p]
