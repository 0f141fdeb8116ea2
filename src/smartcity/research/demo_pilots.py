"""Four Living Lab pilots of the Department of Science and Technology, linked to the hub's
demo devices when they are there (looked up by type and owner; a pilot without them still
loads): smart lighting in the New City with Becamex, air-quality sensors with TDMU and the
DONRE, smart bins around Thu Dau Mot market with BIWASE, flood-level sensors (no citizens'
partner yet, so its helix coverage warns)."""
from datetime import date

# slug, title_vi, title_en, challenge, place, lat, lon, area ring (lon, lat) or None, start, end, status, lessons,
# partners [(org code or None, name, helix, role)], assets (type, owner or None, slug prefix, max n),
# indicators [(name_vi, name_en, unit, baseline, target, measured, quantity or None, stat)]
PILOTS = [
    ("chieu-sang-thong-minh-tpm", "Chiếu sáng thông minh Thành phố mới Bình Dương", "Smart street lighting in Binh Duong New City",
     "Đèn cao áp natri tiêu tốn điện và không điều chỉnh được theo lưu lượng giao thông; thử nghiệm đèn LED có bộ điều khiển "
     "từ xa, giảm độ sáng sau 23 giờ và phát hiện hỏng đèn tự động.",
     "Đường Mỹ Phước – Tân Vạn và các trục chính Khu Thành phố mới Bình Dương", 11.0228, 106.6930,
     [(106.6800, 11.0000), (106.7060, 11.0000), (106.7060, 11.0470), (106.6800, 11.0470), (106.6800, 11.0000)],
     date(2026, 3, 1), date(2027, 2, 28), "running",
     "Bộ điều khiển NB-IoT ổn định hơn LoRaWAN ở đoạn có nhiều nhà cao tầng; cần thống nhất giao thức TALQ trước khi mở rộng.",
     [("DOST", "", "government", "Chủ trì, điều phối Living Lab"), ("DOT", "", "government", "Quản lý hạ tầng chiếu sáng"),
      ("BECAMEX", "", "business", "Đầu tư đèn LED và bộ điều khiển"), ("EIU", "", "academia", "Đánh giá tiết kiệm năng lượng"),
      (None, "Ban điều hành khu phố Hòa Phú", "citizens", "Phản hồi về độ sáng và an toàn ban đêm")],
     [("streetlight", "BECAMEX", "", 8)],
     [("Công suất trung bình mỗi trụ", "Mean power per pole", "W", 75.0, 45.0, None, "power", "mean"),
      ("Số phản ánh về đèn hỏng mỗi tháng", "Complaints about failed lamps per month", "lượt", 38.0, 10.0, 14.0, None, "mean")]),
    ("cam-bien-khong-khi-tdm", "Mạng cảm biến chất lượng không khí Thủ Dầu Một", "Air-quality sensor network in Thu Dau Mot",
     "Chỉ có ít trạm quan trắc tự động; thử nghiệm mạng cảm biến giá rẻ do Trường Đại học Thủ Dầu Một hiệu chuẩn với trạm chuẩn "
     "của Sở Tài nguyên và Môi trường để cảnh báo bụi mịn PM2.5 theo khu phố.",
     "Trung tâm TP. Thủ Dầu Một và các khu công nghiệp lân cận", 10.9800, 106.6550, None,
     date(2025, 10, 1), date(2027, 3, 31), "running",
     "Cảm biến quang học đọc cao hơn khi độ ẩm trên 85 %; hệ số hiệu chỉnh theo độ ẩm giảm sai số còn khoảng 15 %.",
     [("DOST", "", "government", "Chủ trì"), ("DONRE", "", "government", "Trạm chuẩn, dữ liệu quan trắc"),
      ("TDMU", "", "academia", "Hiệu chuẩn cảm biến, phân tích dữ liệu"),
      (None, "Công ty TNHH Giải pháp IoT Bình Dương", "business", "Cung cấp và lắp đặt cảm biến"),
      (None, "Đoàn Thanh niên phường Phú Cường", "citizens", "Chọn điểm lắp đặt, truyền thông cho người dân")],
     [("air-station", None, "", 4)],
     [("Nồng độ PM2.5 trung bình", "Mean PM2.5 concentration", "µg/m³", 32.0, 25.0, None, "pm25", "mean"),
      ("Sai số cảm biến sau hiệu chỉnh", "Sensor error after calibration", "%", 40.0, 15.0, 16.5, None, "mean")]),
    ("thung-rac-thong-minh-cho-tdm", "Thùng rác thông minh quanh Chợ Thủ Dầu Một", "Smart bins around Thu Dau Mot market",
     "Rác tràn ra đường quanh chợ vào giờ cao điểm; thử nghiệm thùng rác có cảm biến mức đầy để thu gom theo nhu cầu thay vì theo giờ cố định.",
     "Chợ Thủ Dầu Một và các tuyến Bạch Đằng, Đinh Bộ Lĩnh, Nguyễn Thái Học", 10.9799, 106.6521,
     [(106.6490, 10.9740), (106.6595, 10.9740), (106.6595, 10.9835), (106.6490, 10.9835), (106.6490, 10.9740)],
     date(2026, 1, 15), date(2026, 12, 31), "evaluating",
     "Thu gom theo mức đầy giảm số chuyến xe; cần thêm nắp chống mưa cho cảm biến siêu âm.",
     [("DOST", "", "government", "Chủ trì"), ("DONRE", "", "government", "Quản lý chất thải rắn"),
      ("BIWASE", "", "business", "Thu gom, vận hành thùng rác"), ("TDMU", "", "academia", "Tối ưu lộ trình thu gom"),
      (None, "Ban quản lý Chợ Thủ Dầu Một và tiểu thương", "citizens", "Phản hồi về vệ sinh quanh chợ")],
     [("waste-bin", None, "tr-tdm-", 8)],
     [("Mức đầy cao nhất trong ngày", "Highest daily fill level", "%", 100.0, 85.0, None, "fill_level", "max"),
      ("Số chuyến thu gom mỗi tuần", "Collection trips per week", "chuyến", 28.0, 18.0, 20.0, None, "mean")]),
    ("cam-bien-ngap", "Cảm biến cảnh báo ngập đô thị", "Urban flood-level sensors",
     "Mưa lớn gây ngập cục bộ ở các tuyến trũng; thử nghiệm cảm biến mực nước tại hồ điều tiết và điểm ngập để cảnh báo sớm.",
     "Hồ điều tiết Bưng Biệp và các điểm ngập phường Phú Thọ, Phú Hòa", 10.9642, 106.6938, None,
     date(2027, 1, 15), date(2027, 12, 31), "planned", "",
     [("DOST", "", "government", "Chủ trì"), ("DOC", "", "government", "Thoát nước đô thị"),
      ("TDMU", "", "academia", "Thiết kế nút cảm biến mực nước LoRaWAN"),
      (None, "Công ty Cổ phần Nước – Môi trường Bình Dương", "business", "Vận hành hệ thống thoát nước")],
     [("reservoir", None, "", 3)],
     [("Mực nước hồ cao nhất", "Highest lake level", "m", 3.2, 2.5, None, "water_level", "max"),
      ("Thời gian cảnh báo trước khi ngập", "Warning lead time before flooding", "phút", 0.0, 30.0, None, None, "mean")]),
]


def load() -> dict:
    from smartcity.core.models import Organisation
    from smartcity.hub.models import Asset, Datastream
    from smartcity.research.models import Indicator, Pilot, PilotPartner

    orgs = {o.code: o for o in Organisation.objects.all()}
    dost = orgs.get("DOST")
    if dost is None:
        return {}
    counts = {"pilots": 0, "partners": 0, "assets": 0, "indicators": 0}
    for (slug, title_vi, title_en, challenge, place, lat, lon, ring, start, end, status, lessons, partners, asset_specs,
         indicators) in PILOTS:
        pilot, created = Pilot.objects.get_or_create(slug=slug, defaults=dict(
            owner=dost, title_vi=title_vi, title_en=title_en, challenge=challenge, place=place, latitude=lat, longitude=lon,
            area={"type": "Polygon", "coordinates": [[list(p) for p in ring]]} if ring else None, start=start, end=end,
            status=status, lessons=lessons))
        if not created:
            continue
        counts["pilots"] += 1
        for code, name, helix, role in partners:
            org = orgs.get(code) if code else None
            if code and org is None:  # e.g. BIWASE when the sanitation demo did not create it
                name = {"BIWASE": "Công ty Cổ phần Nước – Môi trường Bình Dương (BIWASE)"}.get(code, code)
            PilotPartner.objects.create(pilot=pilot, organisation=org, name="" if org else name, helix=helix, role=role)
            counts["partners"] += 1
        assets = []
        for type_code, owner, prefix, n in asset_specs:
            qs = Asset.objects.filter(asset_type_id=type_code, published=True)
            if owner:
                qs = qs.filter(owner__code=owner)
            if prefix:
                qs = qs.filter(slug__startswith=prefix)
            assets += list(qs.order_by("slug")[:n])
        pilot.assets.set(assets)
        counts["assets"] += len(assets)
        for pos, (name_vi, name_en, unit, baseline, target, measured, quantity, stat) in enumerate(indicators):
            ds = None
            if quantity and assets:
                ds = Datastream.objects.filter(asset__in=assets, quantity_id=quantity).order_by("asset__slug").first()
            Indicator.objects.create(pilot=pilot, owner=dost, name_vi=name_vi, name_en=name_en, unit=unit, baseline=baseline,
                                     target=target, measured=measured, datastream=ds, stat=stat, position=pos)
            counts["indicators"] += 1
        from smartcity.research.services import refresh_indicators

        refresh_indicators(pilot)
    return counts
