"""Plan No. 11/KH-BDH of 8 March 2018 (Kế hoạch thực hiện Đề án Thành phố Thông minh Bình
Dương trong năm 2018) as structured data: the document's own fields, every numbered part of
it as an item with its text verbatim, the lead unit and participants the plan names, dates,
platform module and mission reference (P1-P19), the statuses, the report schedule.

Loaded by services/plan_loader.load_plan_2018(). No Django import here.

Rules used to read the plan (see docs/programme-plan.md):
- lead (chủ trì, the item's owner): the unit the plan makes the subject of the sentence
  ("Sở Ngoại vụ chủ trì", the unit heading a programme, "Văn phòng Thành phố thông minh và
  Văn phòng UBND tỉnh phối hợp ..." -> the first one named); a bullet inherits its
  programme's lead unless it names another subject; sections, objectives and the
  assignments addressed to every unit belong to the issuing Executive Board (BDH);
- participants: every other organisation the plan names as doing the work with the lead
  (phối hợp, cùng, với, kết hợp); "support" for the province's bodies, enterprises and
  schools, "partner" for international partners and networks (helix international);
- not participants: generic groups ("các cơ quan ban ngành", "các trường đại học",
  "các bên liên quan"), and bodies that are only addressees (sessions held *between* the
  boards, reports sent *to* the Steering Committee).
"""
import datetime as dt

CODE = "kh-11-2018"

# The whole document as the shared copy has it (page break, margin marks and all).
SOURCE_TEXT = """\


Số: 11 /KH-BDH

Bình Dương, ngày 08 tháng 3 năm 2018

KẾ HOẠCH THỰC HIỆN
Đề án Thành phố Thông minh Bình Dương trong năm 2018

Căn cứ vào các đề xuất từ các đơn vị trong Ban Điều hành, Văn phòng Thành phố Thông minh và các chuyên gia, đối tác chiến lược Eindhoven (Hà Lan);

Căn cứ Thông báo số 30/TB-UBND ngày 13/02/2018 của Ủy ban nhân dân tỉnh về ý kiến kết luận của Phó Chủ tịch Thường trực UBND tỉnh Mai Hùng Dũng tổng kết hoạt động của Ban Điều hành Đề án thành phố Thông minh năm 2017, Ban Điều hành ban hành Kế hoạch thực hiện Đề án thành phố Thông minh Bình Dương trong năm 2018 như sau:

I. Mục tiêu

1. Tiếp tục triển khai hoàn thiện mô hình hợp tác Ba Nhà, tăng cường sự tham gia hợp tác liên tục giữa các cơ quan chính quyền, doanh nghiệp, trường - viện nghiên cứu trong tất cả các hoạt động.

2. Triển khai nghiên cứu và thực hiện các dự án cụ thể, hiệu quả, được ban lãnh đạo đề án chọn lựa từ các đề xuất của các đơn vị thành viên Ban Điều Hành và của đối tác Brainport - Eindhoven (Hà Lan).

3. Đẩy mạnh công tác tuyên truyền, triển khai các nội dung của Đề án Thành phố Thông minh đến tất cả các thành phần xã hội, làm cho người dân Bình Dương hiểu được các mục tiêu và kế hoạch dài hạn của Thành phố Thông minh Bình Dương, chủ động lấy ý kiến góp ý xây dựng để tiếp tục bổ sung, cải tiến liên tục đề án.

4. Đẩy mạnh kết nối quốc tế, hợp tác trao đổi công nghệ, tri thức, nhân lực và các nguồn lực khác; liên kết, tham gia tích cực vào các mạng lưới, tổ chức quốc tế của các thành phố thông minh, khoa học công nghệ trên thế giới, mà tiêu biểu là Hiệp hội đô thị khoa học thế giới (WTA) và hướng tới gia nhập diễn đàn cộng đồng thông minh thế giới (ICF).

II. Chương trình hành động cụ thể

1. Ban Điều hành Đề án thành phố Thông minh

- Tiếp tục tăng cường, đẩy mạnh mô hình hợp tác Ba Nhà trên tất cả các lĩnh vực, trong tất cả các kế hoạch hành động của Đề án Thành phố Thông minh. Văn phòng Thành phố thông minh và Văn phòng UBND tỉnh phối hợp với các nhóm

chuyên gia Hà Lan và quốc tế, các cơ quan liên quan tổ chức các buổi làm việc giữa Ban Điều hành, Tổ chuyên viên giúp việc, Hội đồng cố vấn Ba Nhà và báo cáo cập nhật tình hình thực hiện cho Ban Chỉ đạo của tỉnh.

- Chỉ đạo Sở Ngoại vụ phối hợp với Văn phòng UBND tỉnh, Tổng Công ty Becamex IDC, Văn phòng Thành phố Thông minh và các đơn vị, cơ quan liên quan tham mưu tổ chức các sự kiện lớn liên quan đến Thành phố Thông minh tại Bình Dương trong năm 2018 như: Gia nhập Hiệp hội đô thị khoa học thế giới WTA, tổ chức sự kiện kỷ niệm 20 năm thành lập WTA và Diễn đàn Hợp tác kinh tế Châu Á Horasis, tổ chức Hội nghị Thành phố Thông minh Bình Dương lần thứ 3 năm 2018.

- Tham mưu cho Ban chỉ đạo tiếp tục triển khai các nội dung Đề án. Năm 2018 Bình Dương sẽ chính thức nộp đơn ICF Smart21 (sau khi đã thử nghiệm nộp đơn năm 2017); phấn đấu đạt điểm số tốt hơn năm 2017 trên mọi phương diện, cải thiện những điểm còn chưa tốt và phát huy hơn nữa thế mạnh của tỉnh theo đánh giá của chuyên gia ICF 2017. Các Sở ngành tích cực phối hợp thu thập dữ liệu, trả lời câu hỏi chất lượng, hiệu quả. Văn phòng Thành phố Thông minh kết hợp với các chuyên gia từ EIPO – Brainport Eindhoven (Hà Lan), phối hợp cùng Văn phòng UBND, các viện trường đại học, các cơ quan ban ngành thực hiện nhiệm vụ trên.

2. Sở Ngoại vụ chủ trì, phối hợp cùng các cơ quan, đơn vị triển khai thực hiện các nội dung:

- Tổng Công ty Becamex IDC, Văn phòng Thành phố Thông minh, EIPO-Brainport Eindhoven (Hà Lan), các cơ quan ban ngành tiếp tục mở rộng hợp tác quốc tế, quảng bá cho Tỉnh và chiến lược phát triển Thành phố Thông minh Bình Dương, đặc biệt là chuyến công tác tháng 6/2018 tham dự Diễn đàn Cộng đồng Thông minh Thế giới ICF; đẩy mạnh liên kết, tham gia các tổ chức quốc tế (như Horasis, WTA).

- Phối hợp cùng Tổng Công ty Becamex trực tiếp làm việc cùng EIPO – Brainport Eindhoven, Ban Quản lý các Khu Công Nghiệp tỉnh, Ban Quản lý Khu công nghiệp Việt Nam - Singapore và các cơ quan ban ngành nghiên cứu thực hiện những công tác cần thiết để từng bước hình thành một Khu Công nghiệp Khoa học Công nghệ, hướng tới đáp ứng các tiêu chuẩn quốc tế về nghiên cứu, sản xuất công nghệ cao.

3. Sở Khoa học Công nghệ:

a) Đóng vai trò chủ đạo, phối hợp cùng Trường Đại học Thủ Dầu Một, Trường Đại học Việt Đức, Trường Đại học Quốc tế Miền Đông, Trường Cao đẳng nghề Việt Nam Singapore và các đại học, cao đẳng khác, các cơ quan ban ngành và doanh nghiệp để cùng xây dựng, vận hành hệ sinh thái khởi nghiệp đổi mới sáng tạo của Bình Dương, khởi đầu là kết hợp hình thành Trung tâm Sáng kiến cộng đồng và hỗ trợ khởi nghiệp của tỉnh; hỗ trợ xây dựng, phát triển, kết nối các trung tâm khởi nghiệp khác trong tỉnh.

b) Chủ trì, phối hợp với các trường và cơ sở nghiên cứu, đặc biệt là Trường Đại học Thủ Dầu Một, Trường Đại học Việt Đức, Trường Đại học Quốc tế Miền Đông, Trường Cao đẳng nghề Việt Nam – Singapore xây dựng Đề án phát triển hệ thống các phòng thí nghiệm, Living Lab.

4. Sở Giao thông vận tải:

- Phối hợp cùng Tổng công ty Becamex hoàn thiện các đề xuất và xây dựng lộ trình và thực hiện kế hoạch giao thông thông minh, nâng cấp các tuyến đường trọng yếu như Quốc lộ 13, Mỹ Phước – Tân Vạn, các tuyến xe buýt nhanh và nghiên cứu tính khả thi trong việc mở ra các tuyến vận tải mới, với những hình thức đầu tư, khai thác thích hợp, hiệu quả (đường sắt, đường thủy, Logistic thông minh).

- Phối hợp cùng các ngành và Công ty TNHH Becamex Tokyu triển khai đề án “Nâng cao chất lượng vận tải hành khách công cộng bằng xe buýt trên địa bàn tỉnh Bình Dương giai đoạn 2018 – 2020”.

- Phối hợp cùng các bên nghiên cứu đề xuất thí điểm hệ thống đèn LED, bao gồm cả chiếu sáng thông minh trên các tuyến đường, khu vực.

5. Sở Kế hoạch và Đầu tư phối hợp với các trường đại học, cao đẳng, doanh nghiệp và các sở, ngành thực hiện những nghiên cứu, tìm hiểu nhu cầu thực tế từ doanh nghiệp và nhà đầu tư, xây dựng hệ thống cơ sở dữ liệu doanh nghiệp dùng chung.

6. Sở Giáo dục và Đào tạo tiếp tục làm việc với các trường đại học, cao đẳng và các doanh nghiệp tư nhân trên địa bàn tỉnh để tiến hành triển khai chương trình Mô hình “Trường tiểu học tiên tiến – hiện đại” giai đoạn 2017 – 2020.

7. Sở Xây dựng phối hợp với các đơn vị liên quan để thực hiện chương trình “Xây dựng hệ thống thông tin địa lý và các phần mềm chuyên ngành xây dựng” – Hệ thống GIS; tiếp tục xây dựng hoàn thiện bộ cơ sở dữ liệu chuyên ngành cho tất cả các huyện, thị xã, thành phố; xây dựng các chức năng phần mềm chuyên ngành xây dựng cho các quy trình tác nghiệp còn lại của Sở Xây dựng một cách toàn diện.

8. Sở Nội vụ tiếp tục triển khai và báo cáo lại kết quả thực hiện các đề xuất liên quan đến ứng dụng công nghệ thông tin trong cải cách hành chính; ứng dụng phần mềm một cửa; triển khai đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước tỉnh Bình Dương.

9. Sở Tài nguyên và Môi trường: Chọn lọc và triển khai thực hiện một số chương trình thiết thực, phù hợp với Đề án Thành phố Thông minh; tiếp tục hợp tác, kết nối với các doanh nghiệp, với các Viện, Trung tâm, Trường đại học và các đơn vị có liên quan triển khai một số nội dung sau:

- Nâng cấp Trạm điều hành hệ thống quan trắc tự động đảm bảo quan trắc và trích xuất thông tin đầy đủ về chất lượng môi trường của tỉnh, bao gồm: chất lượng nước mặt, chất lượng không khí, chất lượng nước dưới đất, chất lượng các nguồn thải; thực hiện kết nối và công bố các thông tin lên bản hiển thị thông tin của tỉnh.

- Đầu tư bổ sung các trạm quan trắc không khí tự động và mua sắm xe quan trắc không khí, nước; xây dựng, thiết lập hệ thống quan trắc nước mặt, nước dưới đất, chất lượng nước cấp... để thiết lập đủ nguồn dữ liệu thông tin đánh giá chất lượng môi trường của tỉnh.

- Thiết lập hệ thống thùng rác thông minh và nhà vệ sinh công cộng thông minh để nâng cao nhận thức người dân, cải thiện điều kiện vệ sinh, hiệu quả phân loại rác và mỹ quan đô thị.

- Nghiên cứu xây dựng các hồ chứa nước để thu gom, tái sử dụng nước mưa, nước sau xử lý nhằm tiết kiệm và bảo tồn tài nguyên nước.

10. Sở Thông tin và Truyền thông phối hợp cùng các sở, ngành và doanh nghiệp viễn thông để xây dựng lộ trình và kế hoạch cho những đề xuất về mạng wifi công cộng, website cho Thành phố Thông minh Bình Dương; tiếp tục triển khai kế hoạch tuyên truyền Đề án Thành phố Thông minh Bình Dương rộng rãi bằng nhiều hình thức.

11. Tổng Công ty Becamex trực tiếp phối hợp cùng EIPO – Brainport Eindhoven, cùng các sở, ngành và đơn vị liên quan nghiên cứu tính khả thi cho việc phát triển công nghiệp bán dẫn phần Back-End tại Bình Dương, làm tiền đề cho Khu Công nghiệp Khoa học Công nghệ; tiếp tục chuyển đổi chiếu sáng các khu vực thuộc quyền quản lý khai thác của Tổng Công ty sang hệ thống đèn LED, thí điểm chiếu sáng thông minh.

12. Trường Đại học Thủ Dầu Một, Trường Đại học Việt Đức, Trường Đại học Quốc tế Miền Đông, Trường Cao đẳng nghề Việt Nam - Singapore, các cơ sở giáo dục và nghiên cứu:

- Phối hợp cùng Sở Khoa học và Công nghệ, Văn phòng Thành phố Thông minh và các bên liên quan tăng cường tiến hành các nghiên cứu phục vụ cho sự phát triển Thành phố Thông minh tại Bình Dương.

- Nghiên cứu nhu cầu thực tiễn của thị trường, thực hiện các khóa đào tạo kỹ năng, định hướng cho học sinh, sinh viên hiểu được thực tế công việc trong môi trường doanh nghiệp, từ đó xây dựng những chương trình, thiết lập và khai thác có hiệu quả hệ thống các phòng thí nghiệm hiện có và sẽ hình thành trong tương lai.

III. Phân công thực hiện

1. Văn phòng Thành phố Thông minh tiếp tục thực hiện các công tác kết nối giữa đối tác Brainport - Eindhoven (Hà Lan), các đơn vị trong Ban Điều hành, Hội đồng Cố vấn Ba nhà để triển khai công việc.

2. Văn phòng UBND tỉnh và Văn phòng Thành phố thông minh phối hợp thực hiện các công tác, nhiệm vụ để hỗ trợ cho Ban Điều hành, cũng như triển khai ý kiến chỉ đạo đến các thành viên Ban Điều hành và Tổ chuyên viên.

3. Các đơn vị chủ động lập kế hoạch chi tiết, phương án, dự trù kinh phí để thực hiện các đề xuất của đơn vị mình; chủ động đề xuất những đề án đổi mới, sáng tạo phục vụ cho đề án Thành phố Thông minh Bình Dương.

4. Các sở, ban, ngành, các Trường, Viện, Tổng Công ty Becamex căn cứ vào nội dung được giao trong Đề án thành phố thông minh và trong Kế hoạch này, chủ động tổ chức xây dựng kế hoạch thực hiện cụ thể tại đơn vị mình; các kế hoạch cụ thể báo cáo về Ban điều hành chậm nhất là ngày 15/4/2018. Trong quá trình triển khai thực hiện nếu có gặp khó khăn, vướng mắc phải kịp thời báo cáo, đề xuất về Ban Chỉ đạo Đề án Thành phố thông minh để được xem xét, giải quyết./.

Nơi nhận: ✓

- TTTU, TTHĐND tỉnh;
- UBMTTQVN tỉnh;
- Thành viên Ban Chỉ đạo; ✓
- Thành viên Hội đồng cố vấn; } 38
- Thành viên Ban Điều hành; ✓
- CT, các PCT UBND tỉnh;
- Các Sở, ngành, đoàn thể; 26
- TCT Becamex IDC;
- UBND các huyện, thị, tp;
- Vp Tp Thông minh;
- LĐVP, CV, TH;
- Lưu VT. 77



Mai Hùng Dũng
PHÓ CHỦ TỊCH THƯỜNG TRỰC
ỦY BAN NHÂN DÂN TỈNH"""

# Each numbered part, verbatim, list marker removed (II.1.1's page break joined).
TEXT_VI = {
    'I': 'Mục tiêu',
    'I.1': 'Tiếp tục triển khai hoàn thiện mô hình hợp tác Ba Nhà, tăng cường sự tham gia hợp tác liên tục giữa các cơ quan chính quyền, doanh nghiệp, trường - viện nghiên cứu trong tất cả các hoạt động.',
    'I.2': 'Triển khai nghiên cứu và thực hiện các dự án cụ thể, hiệu quả, được ban lãnh đạo đề án chọn lựa từ các đề xuất của các đơn vị thành viên Ban Điều Hành và của đối tác Brainport - Eindhoven (Hà Lan).',
    'I.3': 'Đẩy mạnh công tác tuyên truyền, triển khai các nội dung của Đề án Thành phố Thông minh đến tất cả các thành phần xã hội, làm cho người dân Bình Dương hiểu được các mục tiêu và kế hoạch dài hạn của Thành phố Thông minh Bình Dương, chủ động lấy ý kiến góp ý xây dựng để tiếp tục bổ sung, cải tiến liên tục đề án.',
    'I.4': 'Đẩy mạnh kết nối quốc tế, hợp tác trao đổi công nghệ, tri thức, nhân lực và các nguồn lực khác; liên kết, tham gia tích cực vào các mạng lưới, tổ chức quốc tế của các thành phố thông minh, khoa học công nghệ trên thế giới, mà tiêu biểu là Hiệp hội đô thị khoa học thế giới (WTA) và hướng tới gia nhập diễn đàn cộng đồng thông minh thế giới (ICF).',
    'II': 'Chương trình hành động cụ thể',
    'II.1': 'Ban Điều hành Đề án thành phố Thông minh',
    'II.1.1': 'Tiếp tục tăng cường, đẩy mạnh mô hình hợp tác Ba Nhà trên tất cả các lĩnh vực, trong tất cả các kế hoạch hành động của Đề án Thành phố Thông minh. Văn phòng Thành phố thông minh và Văn phòng UBND tỉnh phối hợp với các nhóm chuyên gia Hà Lan và quốc tế, các cơ quan liên quan tổ chức các buổi làm việc giữa Ban Điều hành, Tổ chuyên viên giúp việc, Hội đồng cố vấn Ba Nhà và báo cáo cập nhật tình hình thực hiện cho Ban Chỉ đạo của tỉnh.',
    'II.1.2': 'Chỉ đạo Sở Ngoại vụ phối hợp với Văn phòng UBND tỉnh, Tổng Công ty Becamex IDC, Văn phòng Thành phố Thông minh và các đơn vị, cơ quan liên quan tham mưu tổ chức các sự kiện lớn liên quan đến Thành phố Thông minh tại Bình Dương trong năm 2018 như: Gia nhập Hiệp hội đô thị khoa học thế giới WTA, tổ chức sự kiện kỷ niệm 20 năm thành lập WTA và Diễn đàn Hợp tác kinh tế Châu Á Horasis, tổ chức Hội nghị Thành phố Thông minh Bình Dương lần thứ 3 năm 2018.',
    'II.1.3': 'Tham mưu cho Ban chỉ đạo tiếp tục triển khai các nội dung Đề án. Năm 2018 Bình Dương sẽ chính thức nộp đơn ICF Smart21 (sau khi đã thử nghiệm nộp đơn năm 2017); phấn đấu đạt điểm số tốt hơn năm 2017 trên mọi phương diện, cải thiện những điểm còn chưa tốt và phát huy hơn nữa thế mạnh của tỉnh theo đánh giá của chuyên gia ICF 2017. Các Sở ngành tích cực phối hợp thu thập dữ liệu, trả lời câu hỏi chất lượng, hiệu quả. Văn phòng Thành phố Thông minh kết hợp với các chuyên gia từ EIPO – Brainport Eindhoven (Hà Lan), phối hợp cùng Văn phòng UBND, các viện trường đại học, các cơ quan ban ngành thực hiện nhiệm vụ trên.',
    'II.2': 'Sở Ngoại vụ chủ trì, phối hợp cùng các cơ quan, đơn vị triển khai thực hiện các nội dung:',
    'II.2.1': 'Tổng Công ty Becamex IDC, Văn phòng Thành phố Thông minh, EIPO-Brainport Eindhoven (Hà Lan), các cơ quan ban ngành tiếp tục mở rộng hợp tác quốc tế, quảng bá cho Tỉnh và chiến lược phát triển Thành phố Thông minh Bình Dương, đặc biệt là chuyến công tác tháng 6/2018 tham dự Diễn đàn Cộng đồng Thông minh Thế giới ICF; đẩy mạnh liên kết, tham gia các tổ chức quốc tế (như Horasis, WTA).',
    'II.2.2': 'Phối hợp cùng Tổng Công ty Becamex trực tiếp làm việc cùng EIPO – Brainport Eindhoven, Ban Quản lý các Khu Công Nghiệp tỉnh, Ban Quản lý Khu công nghiệp Việt Nam - Singapore và các cơ quan ban ngành nghiên cứu thực hiện những công tác cần thiết để từng bước hình thành một Khu Công nghiệp Khoa học Công nghệ, hướng tới đáp ứng các tiêu chuẩn quốc tế về nghiên cứu, sản xuất công nghệ cao.',
    'II.3': 'Sở Khoa học Công nghệ:',
    'II.3.a': 'Đóng vai trò chủ đạo, phối hợp cùng Trường Đại học Thủ Dầu Một, Trường Đại học Việt Đức, Trường Đại học Quốc tế Miền Đông, Trường Cao đẳng nghề Việt Nam Singapore và các đại học, cao đẳng khác, các cơ quan ban ngành và doanh nghiệp để cùng xây dựng, vận hành hệ sinh thái khởi nghiệp đổi mới sáng tạo của Bình Dương, khởi đầu là kết hợp hình thành Trung tâm Sáng kiến cộng đồng và hỗ trợ khởi nghiệp của tỉnh; hỗ trợ xây dựng, phát triển, kết nối các trung tâm khởi nghiệp khác trong tỉnh.',
    'II.3.b': 'Chủ trì, phối hợp với các trường và cơ sở nghiên cứu, đặc biệt là Trường Đại học Thủ Dầu Một, Trường Đại học Việt Đức, Trường Đại học Quốc tế Miền Đông, Trường Cao đẳng nghề Việt Nam – Singapore xây dựng Đề án phát triển hệ thống các phòng thí nghiệm, Living Lab.',
    'II.4': 'Sở Giao thông vận tải:',
    'II.4.1': 'Phối hợp cùng Tổng công ty Becamex hoàn thiện các đề xuất và xây dựng lộ trình và thực hiện kế hoạch giao thông thông minh, nâng cấp các tuyến đường trọng yếu như Quốc lộ 13, Mỹ Phước – Tân Vạn, các tuyến xe buýt nhanh và nghiên cứu tính khả thi trong việc mở ra các tuyến vận tải mới, với những hình thức đầu tư, khai thác thích hợp, hiệu quả (đường sắt, đường thủy, Logistic thông minh).',
    'II.4.2': 'Phối hợp cùng các ngành và Công ty TNHH Becamex Tokyu triển khai đề án “Nâng cao chất lượng vận tải hành khách công cộng bằng xe buýt trên địa bàn tỉnh Bình Dương giai đoạn 2018 – 2020”.',
    'II.4.3': 'Phối hợp cùng các bên nghiên cứu đề xuất thí điểm hệ thống đèn LED, bao gồm cả chiếu sáng thông minh trên các tuyến đường, khu vực.',
    'II.5': 'Sở Kế hoạch và Đầu tư phối hợp với các trường đại học, cao đẳng, doanh nghiệp và các sở, ngành thực hiện những nghiên cứu, tìm hiểu nhu cầu thực tế từ doanh nghiệp và nhà đầu tư, xây dựng hệ thống cơ sở dữ liệu doanh nghiệp dùng chung.',
    'II.6': 'Sở Giáo dục và Đào tạo tiếp tục làm việc với các trường đại học, cao đẳng và các doanh nghiệp tư nhân trên địa bàn tỉnh để tiến hành triển khai chương trình Mô hình “Trường tiểu học tiên tiến – hiện đại” giai đoạn 2017 – 2020.',
    'II.7': 'Sở Xây dựng phối hợp với các đơn vị liên quan để thực hiện chương trình “Xây dựng hệ thống thông tin địa lý và các phần mềm chuyên ngành xây dựng” – Hệ thống GIS; tiếp tục xây dựng hoàn thiện bộ cơ sở dữ liệu chuyên ngành cho tất cả các huyện, thị xã, thành phố; xây dựng các chức năng phần mềm chuyên ngành xây dựng cho các quy trình tác nghiệp còn lại của Sở Xây dựng một cách toàn diện.',
    'II.8': 'Sở Nội vụ tiếp tục triển khai và báo cáo lại kết quả thực hiện các đề xuất liên quan đến ứng dụng công nghệ thông tin trong cải cách hành chính; ứng dụng phần mềm một cửa; triển khai đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước tỉnh Bình Dương.',
    'II.9': 'Sở Tài nguyên và Môi trường: Chọn lọc và triển khai thực hiện một số chương trình thiết thực, phù hợp với Đề án Thành phố Thông minh; tiếp tục hợp tác, kết nối với các doanh nghiệp, với các Viện, Trung tâm, Trường đại học và các đơn vị có liên quan triển khai một số nội dung sau:',
    'II.9.1': 'Nâng cấp Trạm điều hành hệ thống quan trắc tự động đảm bảo quan trắc và trích xuất thông tin đầy đủ về chất lượng môi trường của tỉnh, bao gồm: chất lượng nước mặt, chất lượng không khí, chất lượng nước dưới đất, chất lượng các nguồn thải; thực hiện kết nối và công bố các thông tin lên bản hiển thị thông tin của tỉnh.',
    'II.9.2': 'Đầu tư bổ sung các trạm quan trắc không khí tự động và mua sắm xe quan trắc không khí, nước; xây dựng, thiết lập hệ thống quan trắc nước mặt, nước dưới đất, chất lượng nước cấp... để thiết lập đủ nguồn dữ liệu thông tin đánh giá chất lượng môi trường của tỉnh.',
    'II.9.3': 'Thiết lập hệ thống thùng rác thông minh và nhà vệ sinh công cộng thông minh để nâng cao nhận thức người dân, cải thiện điều kiện vệ sinh, hiệu quả phân loại rác và mỹ quan đô thị.',
    'II.9.4': 'Nghiên cứu xây dựng các hồ chứa nước để thu gom, tái sử dụng nước mưa, nước sau xử lý nhằm tiết kiệm và bảo tồn tài nguyên nước.',
    'II.10': 'Sở Thông tin và Truyền thông phối hợp cùng các sở, ngành và doanh nghiệp viễn thông để xây dựng lộ trình và kế hoạch cho những đề xuất về mạng wifi công cộng, website cho Thành phố Thông minh Bình Dương; tiếp tục triển khai kế hoạch tuyên truyền Đề án Thành phố Thông minh Bình Dương rộng rãi bằng nhiều hình thức.',
    'II.11': 'Tổng Công ty Becamex trực tiếp phối hợp cùng EIPO – Brainport Eindhoven, cùng các sở, ngành và đơn vị liên quan nghiên cứu tính khả thi cho việc phát triển công nghiệp bán dẫn phần Back-End tại Bình Dương, làm tiền đề cho Khu Công nghiệp Khoa học Công nghệ; tiếp tục chuyển đổi chiếu sáng các khu vực thuộc quyền quản lý khai thác của Tổng Công ty sang hệ thống đèn LED, thí điểm chiếu sáng thông minh.',
    'II.11.1': 'Tổng Công ty Becamex trực tiếp phối hợp cùng EIPO – Brainport Eindhoven, cùng các sở, ngành và đơn vị liên quan nghiên cứu tính khả thi cho việc phát triển công nghiệp bán dẫn phần Back-End tại Bình Dương, làm tiền đề cho Khu Công nghiệp Khoa học Công nghệ;',
    'II.11.2': 'tiếp tục chuyển đổi chiếu sáng các khu vực thuộc quyền quản lý khai thác của Tổng Công ty sang hệ thống đèn LED, thí điểm chiếu sáng thông minh.',
    'II.12': 'Trường Đại học Thủ Dầu Một, Trường Đại học Việt Đức, Trường Đại học Quốc tế Miền Đông, Trường Cao đẳng nghề Việt Nam - Singapore, các cơ sở giáo dục và nghiên cứu:',
    'II.12.1': 'Phối hợp cùng Sở Khoa học và Công nghệ, Văn phòng Thành phố Thông minh và các bên liên quan tăng cường tiến hành các nghiên cứu phục vụ cho sự phát triển Thành phố Thông minh tại Bình Dương.',
    'II.12.2': 'Nghiên cứu nhu cầu thực tiễn của thị trường, thực hiện các khóa đào tạo kỹ năng, định hướng cho học sinh, sinh viên hiểu được thực tế công việc trong môi trường doanh nghiệp, từ đó xây dựng những chương trình, thiết lập và khai thác có hiệu quả hệ thống các phòng thí nghiệm hiện có và sẽ hình thành trong tương lai.',
    'III': 'Phân công thực hiện',
    'III.1': 'Văn phòng Thành phố Thông minh tiếp tục thực hiện các công tác kết nối giữa đối tác Brainport - Eindhoven (Hà Lan), các đơn vị trong Ban Điều hành, Hội đồng Cố vấn Ba nhà để triển khai công việc.',
    'III.2': 'Văn phòng UBND tỉnh và Văn phòng Thành phố thông minh phối hợp thực hiện các công tác, nhiệm vụ để hỗ trợ cho Ban Điều hành, cũng như triển khai ý kiến chỉ đạo đến các thành viên Ban Điều hành và Tổ chuyên viên.',
    'III.3': 'Các đơn vị chủ động lập kế hoạch chi tiết, phương án, dự trù kinh phí để thực hiện các đề xuất của đơn vị mình; chủ động đề xuất những đề án đổi mới, sáng tạo phục vụ cho đề án Thành phố Thông minh Bình Dương.',
    'III.4': 'Các sở, ban, ngành, các Trường, Viện, Tổng Công ty Becamex căn cứ vào nội dung được giao trong Đề án thành phố thông minh và trong Kế hoạch này, chủ động tổ chức xây dựng kế hoạch thực hiện cụ thể tại đơn vị mình; các kế hoạch cụ thể báo cáo về Ban điều hành chậm nhất là ngày 15/4/2018. Trong quá trình triển khai thực hiện nếu có gặp khó khăn, vướng mắc phải kịp thời báo cáo, đề xuất về Ban Chỉ đạo Đề án Thành phố thông minh để được xem xét, giải quyết./.',
}

# Our English rendering of each part (the Vietnamese above is the authority).
TEXT_EN = {
    "I": "Objectives",
    "I.1": "Continue to complete the Triple Helix cooperation model, strengthening continuous cooperation between government "
           "bodies, businesses and universities and research institutes in all activities.",
    "I.2": "Research and carry out concrete, effective projects chosen by the programme's leadership from the proposals of the "
           "member units of the Executive Board and of the partner Brainport - Eindhoven (the Netherlands).",
    "I.3": "Step up communication of the Smart City programme to every part of society so that the people of Binh Duong "
           "understand the goals and long-term plans of Smart City Binh Duong, and actively gather feedback to keep "
           "supplementing and improving the programme.",
    "I.4": "Step up international links and exchanges of technology, knowledge, people and other resources; link with and "
           "take an active part in international networks and organisations of smart cities and of science and technology, "
           "notably the World Technopolis Association (WTA), and work towards joining the Intelligent Community Forum (ICF).",
    "II": "Specific action programmes",
    "II.1": "Smart City Executive Board",
    "II.1.1": "Keep strengthening the Triple Helix model in every field and every action plan of the Smart City programme. The "
              "Smart City Office and the Office of the PPC, with the Dutch and international expert teams and the bodies "
              "concerned, organise working sessions between the Executive Board, the expert support team and the Triple Helix "
              "Advisory Council, and report progress to the province's Steering Committee.",
    "II.1.2": "Direct the Department of Foreign Affairs, with the Office of the PPC, Becamex IDC, the Smart City Office and the "
              "units concerned, to prepare the major smart-city events in Binh Duong in 2018: joining the World Technopolis "
              "Association (WTA), the WTA 20th anniversary event and the Horasis Asia Meeting, and the 3rd Binh Duong Smart "
              "City Conference 2018.",
    "II.1.3": "Advise the Steering Committee on carrying the programme forward. In 2018 Binh Duong formally applies to ICF Smart21 "
              "(after a trial application in 2017), aiming to score better than in 2017 on every dimension, improving weak "
              "points and building on the province's strengths as assessed by the ICF experts in 2017. Departments actively "
              "collect data and answer the questions well. The Smart City Office, with experts from EIPO - Brainport Eindhoven "
              "(the Netherlands), the Office of the PPC, the universities and institutes and the departments, carries this out.",
    "II.2": "The Department of Foreign Affairs leads, with the bodies and units concerned, the following:",
    "II.2.1": "Becamex IDC, the Smart City Office, EIPO-Brainport Eindhoven (the Netherlands) and the departments continue to widen "
              "international cooperation and promote the province and its smart-city strategy, in particular the June 2018 "
              "trip to the Intelligent Community Forum (ICF); strengthen links with and membership of international "
              "organisations (such as Horasis, WTA).",
    "II.2.2": "With Becamex, work directly with EIPO - Brainport Eindhoven, the Provincial Industrial Parks Management Board, the "
              "VSIP Management Board and the departments on what is needed to form, step by step, a Science and Technology "
              "Industrial Park meeting international standards for high-tech research and production.",
    "II.3": "Department of Science and Technology:",
    "II.3.a": "Take the leading role, with Thu Dau Mot University, the Vietnamese-German University, Eastern International "
              "University, the Vietnam-Singapore Vocational College and other universities and colleges, the departments and "
              "businesses, in building and running Binh Duong's innovative startup ecosystem, starting with the province's "
              "Community Initiative and Startup Support Centre; support, develop and connect the other startup centres.",
    "II.3.b": "Lead, with the schools and research institutions, in particular Thu Dau Mot University, the Vietnamese-German "
              "University, Eastern International University and the Vietnam-Singapore Vocational College, the drafting of a "
              "scheme to develop a system of laboratories and Living Labs.",
    "II.4": "Department of Transport:",
    "II.4.1": "With Becamex, complete the proposals, draw up the roadmap and carry out the smart transport plan, upgrade key roads "
              "such as National Road 13 and My Phuoc - Tan Van and the rapid bus routes, and study the feasibility of new "
              "transport modes with suitable, effective forms of investment and operation (rail, waterway, smart logistics).",
    "II.4.2": "With the departments and Becamex Tokyu, carry out the scheme \"Improving the quality of public bus passenger "
              "transport in Binh Duong province, 2018 - 2020\".",
    "II.4.3": "With the parties concerned, study and propose a pilot of LED lamps, including smart lighting on roads and areas.",
    "II.5": "The Department of Planning and Investment, with the universities, colleges, businesses and departments, studies the "
            "real needs of businesses and investors and builds a shared enterprise database.",
    "II.6": "The Department of Education and Training keeps working with the universities, colleges and private businesses of "
            "the province to carry out the \"Advanced - modern primary school\" model, 2017 - 2020.",
    "II.7": "The Department of Construction, with the units concerned, carries out the programme \"Geographic information system "
            "and specialised construction software\" (GIS); continues to complete the specialised database for every district, "
            "town and city; builds software functions for all the department's remaining business processes.",
    "II.8": "The Department of Home Affairs continues and reports back on the proposals on IT in administrative reform; one-stop "
            "shop software; measuring the satisfaction of citizens and organisations with the service of the province's "
            "public administration.",
    "II.9": "Department of Natural Resources and Environment: choose and carry out practical programmes fitting the Smart City "
            "programme; keep cooperating with businesses, institutes, centres, universities and the units concerned on:",
    "II.9.1": "Upgrade the operations station of the automatic monitoring system to monitor and extract full information on the "
              "province's environment: surface water, air, groundwater and discharge sources; connect and publish the "
              "information on the province's display board.",
    "II.9.2": "Invest in more automatic air monitoring stations and buy air and water monitoring vehicles; build monitoring of "
              "surface water, groundwater, supplied water... to have enough data to assess the province's environment.",
    "II.9.3": "Set up smart bins and smart public toilets to raise awareness, improve sanitation, waste sorting and the city's "
              "appearance.",
    "II.9.4": "Study building reservoirs to collect and reuse rainwater and treated water, to save and conserve water resources.",
    "II.10": "The Department of Information and Communications, with the departments and telecom operators, draws up the roadmap "
             "and plan for the proposals on public Wi-Fi and a website for Smart City Binh Duong; continues the plan to "
             "communicate the Smart City programme widely in many forms.",
    "II.11": "Becamex IDC, directly with EIPO - Brainport Eindhoven and the departments and units concerned, studies the "
             "feasibility of a semiconductor back-end industry in Binh Duong, as a basis for the Science and Technology "
             "Industrial Park; continues converting the lighting of the areas it manages to LED, and pilots smart lighting.",
    "II.11.1": "Becamex IDC, directly with EIPO - Brainport Eindhoven and the departments and units concerned, studies the "
               "feasibility of a semiconductor back-end industry in Binh Duong, as a basis for the Science and Technology "
               "Industrial Park;",
    "II.11.2": "continues converting the lighting of the areas it manages to LED, and pilots smart lighting.",
    "II.12": "Thu Dau Mot University, the Vietnamese-German University, Eastern International University, the Vietnam-Singapore "
             "Vocational College, and the education and research institutions:",
    "II.12.1": "With the Department of Science and Technology, the Smart City Office and the parties concerned, step up research "
               "for the development of the smart city in Binh Duong.",
    "II.12.2": "Study the market's real needs, run skills training and orientation so pupils and students understand work in "
               "businesses, and from there build programmes and set up and make effective use of the existing and future "
               "laboratories.",
    "III": "Assignments",
    "III.1": "The Smart City Office continues to connect the partner Brainport - Eindhoven (the Netherlands), the units of the "
             "Executive Board and the Triple Helix Advisory Council to carry out the work.",
    "III.2": "The Office of the PPC and the Smart City Office together carry out the work that supports the Executive Board, and "
             "pass its instructions on to the Board's members and the expert support team.",
    "III.3": "The units draw up detailed plans, options and budget estimates for their own proposals, and propose innovative "
             "schemes for the Smart City Binh Duong programme.",
    "III.4": "The departments, boards, universities, institutes and Becamex, on the basis of what the Smart City programme and "
             "this plan assign to them, draw up their own detailed implementation plans; the detailed plans are reported to the "
             "Executive Board no later than 15/04/2018. Difficulties met while carrying them out must be reported promptly, "
             "with proposals, to the Steering Committee for consideration and resolution.",
}

PLAN = {
    "code": CODE,
    "number": "11/KH-BDH",
    "title_vi": "Kế hoạch thực hiện Đề án Thành phố Thông minh Bình Dương trong năm 2018",
    "title_en": "Plan for implementing the Binh Duong Smart City programme in 2018",
    "issued_on": dt.date(2018, 3, 8),
    "place": "Bình Dương",
    "issuer": "BDH",
    "owner": "BDH",
    "signer": "Mai Hùng Dũng",
    "signer_title": "PHÓ CHỦ TỊCH THƯỜNG TRỰC ỦY BAN NHÂN DÂN TỈNH",
    "year": 2018,
    "start_date": dt.date(2018, 3, 8),
    "end_date": dt.date(2018, 12, 31),
    "rollup": "weighted",
}

PREAMBLE_VI = (
    "Căn cứ vào các đề xuất từ các đơn vị trong Ban Điều hành, Văn phòng Thành phố Thông minh và các chuyên gia, "
    "đối tác chiến lược Eindhoven (Hà Lan);\n\n"
    "Căn cứ Thông báo số 30/TB-UBND ngày 13/02/2018 của Ủy ban nhân dân tỉnh về ý kiến kết luận của Phó Chủ tịch "
    "Thường trực UBND tỉnh Mai Hùng Dũng tổng kết hoạt động của Ban Điều hành Đề án thành phố Thông minh năm 2017, "
    "Ban Điều hành ban hành Kế hoạch thực hiện Đề án thành phố Thông minh Bình Dương trong năm 2018 như sau:"
)
PREAMBLE_EN = (
    "Having regard to the proposals of the units of the Executive Board, the Smart City Office and the experts and "
    "strategic partner Eindhoven (the Netherlands);\n\n"
    "Having regard to Notice No. 30/TB-UBND of 13/02/2018 of the Provincial People's Committee on the conclusions of "
    "Standing Vice-Chairman Mai Hùng Dũng reviewing the work of the Smart City Executive Board in 2017, the Executive "
    "Board issues the plan for implementing the Binh Duong Smart City programme in 2018 as follows:"
)
# The distribution list as written; the scanned copy's margin marks (✓, "} 38", the counts
# 26 and 77) are handwriting, not text, and are left out here (they stay in SOURCE_TEXT).
RECIPIENTS_VI = "\n".join([
    "Nơi nhận:",
    "- TTTU, TTHĐND tỉnh;",
    "- UBMTTQVN tỉnh;",
    "- Thành viên Ban Chỉ đạo;",
    "- Thành viên Hội đồng cố vấn;",
    "- Thành viên Ban Điều hành;",
    "- CT, các PCT UBND tỉnh;",
    "- Các Sở, ngành, đoàn thể;",
    "- TCT Becamex IDC;",
    "- UBND các huyện, thị, tp;",
    "- Vp Tp Thông minh;",
    "- LĐVP, CV, TH;",
    "- Lưu VT.",
])

# key, name vi, name en, description vi, description en, default progress, closed
STATUSES = [
    ("not_started", "Chưa triển khai", "Not started",
     "Chưa bắt đầu thực hiện.", "Work has not started.", 0, False),
    ("in_progress", "Đang triển khai", "In progress",
     "Đang thực hiện theo kế hoạch; tiến độ do đơn vị chủ trì báo cáo.", "Under way as planned; progress as the lead unit reports it.",
     None, False),
    ("behind", "Chậm tiến độ", "Behind schedule",
     "Đang thực hiện nhưng chậm so với kế hoạch hoặc gặp vướng mắc.", "Under way but late against the plan or blocked by difficulties.",
     None, False),
    ("done", "Hoàn thành", "Done",
     "Đã hoàn thành nội dung được giao.", "The assigned work is finished.", 100, True),
    ("cancelled", "Dừng thực hiện", "Cancelled",
     "Dừng hoặc không tiếp tục thực hiện theo quyết định của Ban Chỉ đạo.", "Stopped or dropped by decision of the Steering Committee.",
     None, True),
]

SCHEDULE = {
    "frequency": "monthly",
    "first_period_start": dt.date(2018, 4, 1),
    "last_period_end": dt.date(2018, 12, 31),
    "due_days": 5,
    "remind_days": 3,
    # leaves of these kinds report: bullets, assignments, and the programmes written as a
    # single paragraph (II.5-II.8, II.10); a programme with bullets reports through them
    "item_kinds": "item,assignment,programme",
}

UNIT_PLAN_DUE = dt.date(2018, 4, 15)  # III.4: "chậm nhất là ngày 15/4/2018"

START, END = dt.date(2018, 3, 8), dt.date(2018, 12, 31)

# number, kind, title vi, title en, lead, support, partners, module, reference, extra
# extra: start/end/deadline (dates), weight, strategic
ITEMS = [
    ("I", "section", "Mục tiêu", "Objectives", "BDH", [], [], "programme", "", {"weight": 0}),
    ("I.1", "objective", "Hoàn thiện mô hình hợp tác Ba Nhà", "Complete the Triple Helix cooperation model",
     "BDH", [], [], "programme", "P1", {}),
    ("I.2", "objective", "Thực hiện các dự án cụ thể, hiệu quả", "Carry out concrete, effective projects",
     "BDH", [], [], "programme", "P19", {}),
    ("I.3", "objective", "Tuyên truyền Đề án đến toàn xã hội, lấy ý kiến góp ý", "Outreach to all of society and gather feedback",
     "BDH", [], [], "portal", "P18", {}),
    ("I.4", "objective", "Kết nối quốc tế, tham gia WTA, hướng tới ICF", "International links: WTA, towards the ICF",
     "BDH", [], [], "programme", "P3", {}),

    ("II", "section", "Chương trình hành động cụ thể", "Specific action programmes", "BDH", [], [], "programme", "", {"weight": 3}),
    ("II.1", "programme", "Ban Điều hành Đề án thành phố Thông minh", "Smart City Executive Board",
     "BDH", [], [], "programme", "P1", {}),
    ("II.1.1", "item", "Hợp tác Ba Nhà; làm việc giữa các ban và báo cáo Ban Chỉ đạo",
     "Triple Helix cooperation; working sessions of the boards and reports to the Steering Committee",
     "VPTPTM", ["VPUBND"], ["EIPO"], "programme", "P1", {}),
    ("II.1.2", "item", "Sự kiện lớn năm 2018: WTA, Horasis, Hội nghị Thành phố Thông minh lần thứ 3",
     "Major 2018 events: WTA membership and 20th anniversary, Horasis, 3rd Smart City Conference",
     "DOFA", ["VPUBND", "BECAMEX", "VPTPTM"], ["WTA", "HORASIS"], "programme", "P3", {}),
    ("II.1.3", "item", "Nộp đơn ICF Smart21 năm 2018", "ICF Smart21 application 2018",
     "VPTPTM", ["VPUBND"], ["EIPO", "ICF"], "programme", "P2", {}),

    ("II.2", "programme", "Sở Ngoại vụ: hợp tác quốc tế, Khu Công nghiệp Khoa học Công nghệ",
     "Department of Foreign Affairs: international cooperation, S&T industrial park", "DOFA", [], [], "programme", "P3", {}),
    ("II.2.1", "item", "Mở rộng hợp tác quốc tế; chuyến công tác ICF tháng 6/2018",
     "Wider international cooperation; ICF summit trip in June 2018",
     "DOFA", ["BECAMEX", "VPTPTM"], ["EIPO", "ICF", "HORASIS", "WTA"], "programme", "P3", {"deadline": dt.date(2018, 6, 30)}),
    ("II.2.2", "item", "Từng bước hình thành Khu Công nghiệp Khoa học Công nghệ",
     "Step-by-step formation of a Science & Technology Industrial Park",
     "DOFA", ["BECAMEX", "BQLKCN", "VSIPMB"], ["EIPO"], "programme", "P4", {"strategic": True}),

    ("II.3", "programme", "Sở Khoa học và Công nghệ: khởi nghiệp, phòng thí nghiệm, Living Lab",
     "Department of Science and Technology: startups, laboratories, Living Labs", "DOST", [], [], "innovation", "P5", {}),
    ("II.3.a", "item", "Hệ sinh thái khởi nghiệp đổi mới sáng tạo; Trung tâm Sáng kiến cộng đồng và hỗ trợ khởi nghiệp",
     "Innovative startup ecosystem; Community Initiative and Startup Support Centre",
     "DOST", ["TDMU", "VGU", "EIU", "VSVC"], [], "innovation", "P5", {}),
    ("II.3.b", "item", "Đề án phát triển hệ thống phòng thí nghiệm, Living Lab",
     "Scheme for a system of laboratories and Living Labs",
     "DOST", ["TDMU", "VGU", "EIU", "VSVC"], [], "innovation", "P6", {}),

    ("II.4", "programme", "Sở Giao thông vận tải: giao thông thông minh, xe buýt, chiếu sáng LED",
     "Department of Transport: smart transport, buses, LED lighting", "DOT", [], [], "mobility", "P7", {}),
    ("II.4.1", "item", "Lộ trình giao thông thông minh; nâng cấp tuyến trọng yếu, xe buýt nhanh, phương thức vận tải mới",
     "Smart transport roadmap; key roads, rapid bus routes, new transport modes",
     "DOT", ["BECAMEX"], [], "mobility", "P7", {}),
    ("II.4.2", "item", "Nâng cao chất lượng vận tải hành khách công cộng bằng xe buýt 2018 – 2020",
     "Improving the quality of public bus transport 2018–2020",
     "DOT", ["BECAMEXTOKYU"], [], "mobility", "P8",
     {"start": dt.date(2018, 1, 1), "end": dt.date(2020, 12, 31), "deadline": dt.date(2020, 12, 31)}),
    ("II.4.3", "item", "Thí điểm đèn LED và chiếu sáng thông minh", "Pilot of LED and smart street lighting",
     "DOT", [], [], "lighting", "P9", {}),

    ("II.5", "programme", "Sở Kế hoạch và Đầu tư: cơ sở dữ liệu doanh nghiệp dùng chung",
     "Department of Planning and Investment: shared enterprise database", "DPI", [], [], "economy", "P10", {}),
    ("II.6", "programme", "Sở Giáo dục và Đào tạo: mô hình Trường tiểu học tiên tiến – hiện đại",
     "Department of Education and Training: advanced-modern primary school model", "DOET", [], [], "education", "P11",
     {"start": dt.date(2017, 1, 1), "end": dt.date(2020, 12, 31), "deadline": dt.date(2020, 12, 31)}),
    ("II.7", "programme", "Sở Xây dựng: hệ thống GIS và phần mềm chuyên ngành xây dựng",
     "Department of Construction: GIS and specialised construction software", "DOC", [], [], "gis", "P12", {}),
    ("II.8", "programme", "Sở Nội vụ: CNTT trong cải cách hành chính, một cửa, đo lường sự hài lòng",
     "Department of Home Affairs: IT in administrative reform, one-stop shop, satisfaction", "DOHA", [], [], "onestop", "P13", {}),

    ("II.9", "programme", "Sở Tài nguyên và Môi trường: quan trắc, rác, nhà vệ sinh, nước mưa",
     "Department of Natural Resources and Environment: monitoring, bins, toilets, rainwater", "DONRE", [], [],
     "environment", "P14", {}),
    ("II.9.1", "item", "Nâng cấp Trạm điều hành hệ thống quan trắc tự động", "Upgrade of the automatic monitoring operations station",
     "DONRE", [], [], "environment", "P14", {}),
    ("II.9.2", "item", "Bổ sung trạm quan trắc không khí tự động, xe quan trắc; quan trắc nước",
     "More automatic air stations, monitoring vehicles; water monitoring", "DONRE", [], [], "environment", "P15", {}),
    ("II.9.3", "item", "Thùng rác thông minh và nhà vệ sinh công cộng thông minh", "Smart bins and smart public toilets",
     "DONRE", [], [], "environment", "P16", {}),
    ("II.9.4", "item", "Hồ chứa thu gom, tái sử dụng nước mưa và nước sau xử lý", "Reservoirs to collect and reuse rainwater and treated water",
     "DONRE", [], [], "environment", "P17", {}),

    ("II.10", "programme", "Sở Thông tin và Truyền thông: wifi công cộng, website, tuyên truyền",
     "Department of Information and Communications: public Wi-Fi, website, outreach", "DIC", ["TELCO"], [], "portal", "P18", {}),

    ("II.11", "programme", "Tổng Công ty Becamex IDC: công nghiệp bán dẫn Back-End, chiếu sáng LED",
     "Becamex IDC: semiconductor back-end industry, LED lighting", "BECAMEX", [], ["EIPO"], "programme", "P4", {}),
    ("II.11.1", "item", "Nghiên cứu khả thi công nghiệp bán dẫn phần Back-End", "Feasibility of a semiconductor back-end industry",
     "BECAMEX", [], ["EIPO"], "programme", "P4", {"strategic": True}),
    ("II.11.2", "item", "Chuyển đổi chiếu sáng sang đèn LED, thí điểm chiếu sáng thông minh",
     "Conversion to LED lighting, smart lighting pilot", "BECAMEX", [], [], "lighting", "P9", {}),

    ("II.12", "programme", "Các trường đại học, cao đẳng, cơ sở giáo dục và nghiên cứu",
     "Universities, colleges, education and research institutions", "TDMU", ["VGU", "EIU", "VSVC"], [], "innovation", "P6", {}),
    ("II.12.1", "item", "Nghiên cứu phục vụ phát triển Thành phố Thông minh", "Research for the smart city",
     "TDMU", ["VGU", "EIU", "VSVC", "DOST", "VPTPTM"], [], "innovation", "P6", {}),
    ("II.12.2", "item", "Đào tạo kỹ năng theo nhu cầu thị trường; khai thác phòng thí nghiệm",
     "Skills training for the job market; use of the laboratories", "TDMU", ["VGU", "EIU", "VSVC"], [], "innovation", "P6", {}),

    ("III", "section", "Phân công thực hiện", "Assignments", "BDH", [], [], "programme", "P19", {"weight": 1}),
    ("III.1", "assignment", "Văn phòng Thành phố Thông minh kết nối đối tác và các đơn vị",
     "Smart City Office connects the partners and the units", "VPTPTM", ["HDCV"], ["EIPO"], "programme", "P1", {}),
    ("III.2", "assignment", "Hỗ trợ Ban Điều hành, triển khai ý kiến chỉ đạo", "Support to the Executive Board, passing on its instructions",
     "VPUBND", ["VPTPTM"], [], "programme", "P19", {}),
    ("III.3", "assignment", "Các đơn vị lập kế hoạch chi tiết, dự trù kinh phí, đề xuất đề án",
     "Units draw up detailed plans and budget estimates, propose schemes", "BDH", [], [], "programme", "P19", {}),
    ("III.4", "assignment", "Kế hoạch cụ thể báo cáo về Ban điều hành chậm nhất ngày 15/4/2018; báo cáo vướng mắc",
     "Detailed plans to the Executive Board by 15/04/2018; report difficulties promptly", "BDH", [], [], "programme", "P19",
     {"deadline": UNIT_PLAN_DUE}),
]

# Parents: a number's parent is the number without its last part (II.3.a -> II.3, II -> none).


def parent_number(number: str) -> str | None:
    return number.rsplit(".", 1)[0] if "." in number else None


def items() -> list[dict]:
    """ITEMS as dicts with the verbatim text, the parent's number and the dates filled in."""
    rows = []
    for position, (number, kind, title_vi, title_en, lead, support, partners, module, reference, extra) in enumerate(ITEMS, 1):
        rows.append({
            "number": number, "kind": kind, "parent": parent_number(number), "position": position,
            "title_vi": title_vi, "title_en": title_en, "text_vi": TEXT_VI[number], "text_en": TEXT_EN[number],
            "lead": lead, "support": list(support), "partners": list(partners),
            "module": module, "reference": reference,
            "start_date": extra.get("start", START), "end_date": extra.get("end", END),
            "deadline": extra.get("deadline", extra.get("end", END)) if kind != "section" else None,
            "weight": extra.get("weight", 1), "strategic": extra.get("strategic", False),
        })
    return rows
