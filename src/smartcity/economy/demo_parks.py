"""Industrial parks of Binh Duong for the demo: real parks, areas rounded from the
provincial Industrial Parks Management Board's published figures, occupancy plausible
(most parks near full; VSIP II-A, Bàu Bàng and Rạch Bắp still filling), centre points
approximate. Pure data (no Django)."""

# code, name_vi, name_en, former district, ward since 2025, area ha, leasable ha, leased ha, lat, lon, developer,
# established (year), board (organisation code)
PARKS = [
    ("vsip-1", "KCN Việt Nam – Singapore (VSIP I)", "Vietnam – Singapore Industrial Park (VSIP I)", "Thuận An", "Bình Hòa",
     500, 360, 360, 10.9295, 106.7105, "Công ty Liên doanh TNHH KCN Việt Nam – Singapore", 1996, "VSIPMB"),
    ("vsip-2", "KCN Việt Nam – Singapore II (VSIP II)", "Vietnam – Singapore Industrial Park II (VSIP II)", "Thủ Dầu Một",
     "Bình Dương", 345, 250, 250, 11.0788, 106.6746, "Công ty Liên doanh TNHH KCN Việt Nam – Singapore", 2006, "VSIPMB"),
    ("vsip-2a", "KCN Việt Nam – Singapore II-A (VSIP II-A)", "Vietnam – Singapore Industrial Park II-A (VSIP II-A)",
     "Tân Uyên", "Vĩnh Tân", 1008, 690, 560, 11.1210, 106.7155, "Công ty Liên doanh TNHH KCN Việt Nam – Singapore", 2008, "VSIPMB"),
    ("my-phuoc-1", "KCN Mỹ Phước", "My Phuoc Industrial Park", "Bến Cát", "Bến Cát", 377, 260, 259,
     11.1395, 106.6025, "Tổng Công ty Becamex IDC", 2002, "BQLKCN"),
    ("my-phuoc-2", "KCN Mỹ Phước 2", "My Phuoc 2 Industrial Park", "Bến Cát", "Bến Cát", 477, 310, 308,
     11.1620, 106.5935, "Tổng Công ty Becamex IDC", 2005, "BQLKCN"),
    ("my-phuoc-3", "KCN Mỹ Phước 3", "My Phuoc 3 Industrial Park", "Bến Cát", "Thới Hòa", 978, 620, 585,
     11.1230, 106.5780, "Tổng Công ty Becamex IDC", 2006, "BQLKCN"),
    ("song-than-1", "KCN Sóng Thần 1", "Song Than 1 Industrial Park", "Dĩ An", "Dĩ An", 180, 130, 130,
     10.9005, 106.7560, "Công ty Cổ phần Đại Nam", 1995, "BQLKCN"),
    ("song-than-2", "KCN Sóng Thần 2", "Song Than 2 Industrial Park", "Dĩ An", "Dĩ An", 279, 200, 200,
     10.9140, 106.7600, "Công ty Cổ phần Đại Nam", 1996, "BQLKCN"),
    ("song-than-3", "KCN Sóng Thần 3", "Song Than 3 Industrial Park", "Thủ Dầu Một", "Phú An", 533, 380, 371,
     11.0410, 106.6905, "Công ty Cổ phần Đại Nam", 2006, "BQLKCN"),
    ("dong-an-1", "KCN Đồng An", "Dong An Industrial Park", "Thuận An", "Bình Hòa", 138, 100, 100,
     10.9310, 106.7355, "Tổng Công ty Becamex IDC", 1996, "BQLKCN"),
    ("dong-an-2", "KCN Đồng An 2", "Dong An 2 Industrial Park", "Thủ Dầu Một", "Bình Dương", 159, 115, 115,
     11.0655, 106.6905, "Tổng Công ty Becamex IDC", 2006, "BQLKCN"),
    ("viet-huong-1", "KCN Việt Hương", "Viet Huong Industrial Park", "Thuận An", "Thuận Giao", 36, 25, 25,
     10.9605, 106.7115, "Công ty Cổ phần Đầu tư Việt Hương", 1996, "BQLKCN"),
    ("viet-huong-2", "KCN Việt Hương 2", "Viet Huong 2 Industrial Park", "Bến Cát", "Chánh Phú Hòa", 250, 170, 152,
     11.1880, 106.6390, "Công ty Cổ phần Đầu tư Việt Hương", 2008, "BQLKCN"),
    ("tan-dong-hiep-a", "KCN Tân Đông Hiệp A", "Tan Dong Hiep A Industrial Park", "Dĩ An", "Tân Đông Hiệp", 47, 34, 34,
     10.9185, 106.7745, "Công ty Cổ phần Dịch vụ Đầu tư Tân Đông Hiệp", 2001, "BQLKCN"),
    ("tan-dong-hiep-b", "KCN Tân Đông Hiệp B", "Tan Dong Hiep B Industrial Park", "Dĩ An", "Tân Đông Hiệp", 163, 115, 115,
     10.9275, 106.7835, "Công ty Cổ phần Phát triển Hạ tầng Tân Đông Hiệp B", 2002, "BQLKCN"),
    ("nam-tan-uyen", "KCN Nam Tân Uyên", "Nam Tan Uyen Industrial Park", "Tân Uyên", "Tân Khánh", 620, 430, 405,
     11.0470, 106.7450, "Công ty Cổ phần Khu công nghiệp Nam Tân Uyên", 2004, "BQLKCN"),
    ("bau-bang", "KCN Bàu Bàng", "Bau Bang Industrial Park", "Bàu Bàng", "Bàu Bàng", 1000, 700, 610,
     11.2625, 106.6280, "Tổng Công ty Becamex IDC", 2013, "BQLKCN"),
    ("rach-bap", "KCN Rạch Bắp", "Rach Bap Industrial Park", "Bến Cát", "Tây Nam", 279, 190, 150,
     11.1090, 106.5630, "Công ty Cổ phần Phát triển Hạ tầng Kỹ thuật Rạch Bắp", 2006, "BQLKCN"),
    ("dat-cuoc", "KCN Đất Cuốc", "Dat Cuoc Industrial Park", "Bắc Tân Uyên", "Bắc Tân Uyên", 212, 150, 143,
     11.1535, 106.8405, "Công ty TNHH MTV Xây dựng và Kinh doanh Nhà Phát Tài Phát", 2008, "BQLKCN"),
    ("kim-huy", "KCN Kim Huy", "Kim Huy Industrial Park", "Thủ Dầu Một", "Phú An", 213, 150, 147,
     11.0495, 106.6800, "Công ty Cổ phần Khu công nghiệp Kim Huy", 2006, "BQLKCN"),
]

INFRASTRUCTURE = ("Điện lưới quốc gia 22 kV qua trạm biến áp riêng; nước sạch {water} m³/ngày; nhà máy xử lý nước thải tập "
                  "trung {ww} m³/ngày đạt QCVN 40:2025/BTNMT cột A; đường nội bộ 4–6 làn; hệ thống phòng cháy chữa cháy và "
                  "trạm quan trắc nước thải tự động kết nối Sở Tài nguyên và Môi trường.")
