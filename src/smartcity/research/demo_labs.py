"""Demo labs of the universities and colleges of the plan, their equipment, closures and
bookings from late November 2026 to early January 2027 (approved, pending, declined,
cancelled), every approved booking checked by the same rules as a real request."""
import zlib
from datetime import date, datetime, time, timedelta

from smartcity.research import slots

# slug, owner, name_vi, name_en, field, building, address, lat, lon, capabilities, opens, closes, days, contact, email, description
LABS = [
    ("tdmu-iot", "TDMU", "Phòng thí nghiệm IoT và hệ thống nhúng", "IoT and Embedded Systems Lab", "IoT và hệ thống nhúng",
     "Nhà I2, phòng I2.302", "Số 6 Trần Văn Ơn, phường Phú Hòa, TP. Thủ Dầu Một", 10.9805, 106.6745,
     ["LoRaWAN", "NB-IoT", "PCB", "vi điều khiển", "đo kiểm RF"], time(7, 30), time(17, 0), "012345", "ThS. Lê Minh Tuấn",
     "lab.iot@tdmu.edu.vn", "Thiết kế và thử nghiệm thiết bị cảm biến cho thành phố thông minh: nút cảm biến LoRaWAN, bộ điều khiển đèn đường, "
     "gateway thu thập dữ liệu về Trung tâm dữ liệu."),
    ("tdmu-moi-truong", "TDMU", "Phòng thí nghiệm Môi trường", "Environmental Laboratory", "Quan trắc và phân tích môi trường",
     "Nhà C, tầng 4", "Số 6 Trần Văn Ơn, phường Phú Hòa, TP. Thủ Dầu Một", 10.9801, 106.6752,
     ["phân tích nước", "bụi PM2.5", "HPLC", "hiệu chuẩn cảm biến"], time(7, 30), time(16, 30), "01234", "TS. Nguyễn Thị Thanh Hà",
     "lab.moitruong@tdmu.edu.vn", "Phân tích mẫu nước mặt, nước thải và không khí; so sánh cảm biến giá rẻ với thiết bị chuẩn."),
    ("vgu-smart-manufacturing", "VGU", "Phòng thí nghiệm Sản xuất thông minh", "Smart Manufacturing Lab", "Công nghiệp 4.0",
     "Tòa nhà Học thuật, phòng B3.12", "Khu đô thị Đại học Quốc tế, phường Thới Hòa, TP. Bến Cát", 11.1067, 106.6133,
     ["OPC UA", "PLC", "digital twin", "in 3D", "thị giác máy"], time(8, 0), time(17, 0), "012345", "Dr. Nguyễn Hoàng Phong",
     "smartlab@vgu.edu.vn", "Dây chuyền sản xuất mô hình theo chuẩn Industrie 4.0 hợp tác với các trường đại học Đức."),
    ("eiu-robotics", "EIU", "Phòng thí nghiệm Robot và Tự động hóa", "Robotics and Automation Lab", "Robot và tự động hóa",
     "Tòa nhà B, tầng 2", "Nam Kỳ Khởi Nghĩa, phường Hòa Phú, TP. Thủ Dầu Một (Thành phố mới Bình Dương)", 11.0529, 106.6660,
     ["robot công nghiệp", "AGV", "ROS", "PLC", "cơ điện tử"], time(8, 0), time(17, 30), "01234", "ThS. Trần Quốc Khánh",
     "robotics@eiu.edu.vn", "Phòng thí nghiệm robot được trang bị với sự hỗ trợ của Becamex IDC và Becamex Tokyu, phục vụ đào tạo "
     "kỹ sư tự động hóa cho các khu công nghiệp."),
    ("vsvc-co-dien-tu", "VSVC", "Xưởng thực hành Cơ điện tử", "Mechatronics Workshop", "Cơ điện tử",
     "Xưởng X3", "Số 1 Nguyễn Văn Linh, phường Dĩ An, TP. Dĩ An", 10.9101, 106.7702,
     ["CNC", "khí nén", "PLC", "hàn", "bảo trì công nghiệp"], time(7, 0), time(17, 0), "012345", "Thầy Phạm Văn Lực",
     "xuong.cdt@vsvc.edu.vn", "Xưởng thực hành nghề cơ điện tử theo chuẩn Singapore ITE."),
]

# lab slug -> [(name_vi, name_en, model, quantity, status, fee VND/h, bookable)]
EQUIPMENT = {
    "tdmu-iot": [
        ("Gateway LoRaWAN 8 kênh", "8-channel LoRaWAN gateway", "RAK7289 V2", 2, "operational", 50000, True),
        ("Máy phân tích phổ", "Spectrum analyser", "Rigol RSA3030N", 1, "operational", 300000, True),
        ("Máy hiện sóng số 4 kênh", "4-channel digital oscilloscope", "Keysight DSOX1204G", 4, "operational", 80000, True),
        ("Máy hàn linh kiện dán", "SMD rework station", "Quick 861DW", 3, "operational", 30000, True),
        ("Máy phay mạch in", "PCB milling machine", "LPKF ProtoMat S64", 1, "maintenance", 250000, True),
        ("Bộ kit cảm biến môi trường", "Environmental sensor kits", "Bosch BME688 / Plantower PMS7003", 20, "operational", 0, False),
    ],
    "tdmu-moi-truong": [
        ("Máy sắc ký lỏng hiệu năng cao", "HPLC system", "Shimadzu LC-2050C", 1, "operational", 450000, True),
        ("Máy quang phổ UV-Vis", "UV-Vis spectrophotometer", "Hach DR6000", 1, "operational", 150000, True),
        ("Máy đo bụi chuẩn PM2.5", "Reference PM2.5 monitor", "Met One BAM-1020", 1, "operational", 200000, True),
        ("Máy đo đa chỉ tiêu nước", "Multi-parameter water meter", "YSI ProDSS", 2, "operational", 60000, True),
    ],
    "vgu-smart-manufacturing": [
        ("Dây chuyền mô hình Industrie 4.0", "Industrie 4.0 model production line", "Festo CP Lab", 1, "operational", 500000, True),
        ("Robot cộng tác", "Collaborative robot", "Universal Robots UR5e", 2, "operational", 350000, True),
        ("Máy in 3D kim loại", "Metal 3D printer", "Markforged Metal X", 1, "out_of_order", 600000, True),
        ("Máy in 3D nhựa", "Polymer 3D printer", "Prusa MK4", 6, "operational", 40000, True),
        ("Trạm thị giác máy", "Machine vision station", "Cognex In-Sight 2800", 1, "operational", 120000, True),
    ],
    "eiu-robotics": [
        ("Cánh tay robot công nghiệp 6 trục", "6-axis industrial robot arm", "ABB IRB 1200", 2, "operational", 400000, True),
        ("Xe tự hành AGV", "Automated guided vehicle", "MiR100", 1, "operational", 250000, True),
        ("Bàn thực hành PLC", "PLC training bench", "Siemens S7-1500", 8, "operational", 50000, True),
        ("Bộ phát triển ROS 2", "ROS 2 development kits", "TurtleBot 4", 6, "operational", 30000, True),
    ],
    "vsvc-co-dien-tu": [
        ("Máy tiện CNC", "CNC lathe", "Haas ST-10", 2, "operational", 180000, True),
        ("Máy phay CNC 3 trục", "3-axis CNC mill", "Haas VF-2", 1, "operational", 220000, True),
        ("Bàn thực hành khí nén – điện khí nén", "Pneumatics training bench", "Festo TP 201", 6, "operational", 30000, True),
        ("Trạm hàn MIG/MAG", "MIG/MAG welding station", "Lincoln Powertec i320C", 4, "operational", 60000, False),
    ],
}

# lab slug, start, end, reason
CLOSURES = [
    ("tdmu-iot", datetime(2026, 12, 18, 7, 30), datetime(2026, 12, 18, 17, 0), "Kiểm kê thiết bị cuối năm"),
    ("tdmu-moi-truong", datetime(2026, 12, 21, 7, 30), datetime(2026, 12, 23, 16, 30), "Hiệu chuẩn định kỳ máy HPLC và máy đo bụi"),
    ("vgu-smart-manufacturing", datetime(2026, 12, 24, 0, 0), datetime(2026, 12, 27, 0, 0), "Nghỉ Giáng sinh theo lịch của trường"),
    ("eiu-robotics", datetime(2026, 12, 14, 13, 0), datetime(2026, 12, 14, 17, 30), "Bảo trì robot ABB theo hợp đồng"),
    ("vsvc-co-dien-tu", datetime(2026, 12, 31, 7, 0), datetime(2027, 1, 2, 0, 0), "Nghỉ Tết Dương lịch 2027"),
] + [(slug, datetime(2027, 1, 1, 0, 0), datetime(2027, 1, 2, 0, 0), "Nghỉ Tết Dương lịch 2027")
     for slug in ("tdmu-iot", "tdmu-moi-truong", "vgu-smart-manufacturing", "eiu-robotics")]

# requester username (demo user), contact, affiliation, purposes
REQUESTERS = [
    ("tdmu.long", "Huỳnh Thành Long", "Trường Đại học Thủ Dầu Một", ["Đo thử vùng phủ LoRaWAN cho nút cảm biến ngập",
                                                                      "Hướng dẫn đồ án tốt nghiệp IoT"]),
    ("dost.khoa", "Nguyễn Đăng Khoa", "Sở Khoa học và Công nghệ", ["Kiểm tra mẫu thiết bị của đề tài cấp tỉnh"]),
    (None, "Trần Thị Mỹ Linh", "Công ty TNHH Điện tử Bình Dương Smart", ["Thử nghiệm sản phẩm trước khi đưa ra thị trường",
                                                                        "Đo kiểm phát xạ RF của bo mạch"]),
    (None, "Võ Hoàng Nam", "CLB Khởi nghiệp sinh viên EIU", ["Làm mẫu sản phẩm cho cuộc thi khởi nghiệp",
                                                            "Thực hành nhóm nghiên cứu sinh viên"]),
    (None, "Lê Quang Vinh", "Công ty Cổ phần Nước – Môi trường Bình Dương", ["Phân tích mẫu nước thải đối chứng",
                                                                             "So sánh cảm biến mực nước"]),
]

PERIOD = (date(2026, 11, 23), date(2027, 1, 8))
TODAY = date(2026, 12, 3)


def _rand(*key) -> int:
    return zlib.crc32("|".join(map(str, key)).encode())


def load() -> dict:
    from simple_history.utils import bulk_create_with_history

    from smartcity.core.models import Organisation, User
    from smartcity.research.models import Booking, Closure, Equipment, Lab
    from smartcity.research.services import LOCAL

    orgs = {o.code: o for o in Organisation.objects.filter(code__in={row[1] for row in LABS})}
    users = {u.username: u for u in User.objects.filter(username__in=[r[0] for r in REQUESTERS if r[0]])}
    deciders = {u.organisation_id: u for u in User.objects.filter(organisation__code__in=list(orgs), role__in=["editor", "manager", "admin"])}
    counts = {"labs": 0, "equipment": 0, "closures": 0, "bookings": 0}
    for (slug, owner, name_vi, name_en, field, building, address, lat, lon, caps, opens, closes, days, contact, email,
         description) in LABS:
        if owner not in orgs:
            continue
        lab, created = Lab.objects.get_or_create(slug=slug, defaults=dict(
            owner=orgs[owner], name_vi=name_vi, name_en=name_en, field=field, building=building, address=address, latitude=lat,
            longitude=lon, capabilities=caps, opens=opens, closes=closes, open_days=days, contact_name=contact,
            contact_email=email, description=description))
        if not created:
            continue
        counts["labs"] += 1
        items = bulk_create_with_history([Equipment(lab=lab, owner=lab.owner, name_vi=n, name_en=e, model=m, quantity=q, status=s,
                                                    hourly_fee_vnd=fee, bookable=b)
                                          for n, e, m, q, s, fee, b in EQUIPMENT.get(slug, [])], Equipment)
        counts["equipment"] += len(items)
        closures = []
        for cslug, start, end, reason in CLOSURES:
            if cslug == slug:
                c = Closure.objects.create(lab=lab, owner=lab.owner, start=start.replace(tzinfo=LOCAL), end=end.replace(tzinfo=LOCAL),
                                           reason=reason)
                closures.append(slots.Slot(c.start, c.end, None, reason))
        counts["bookings"] += _bookings(lab, [e for e in items if e.bookable and e.status == "operational"], closures, users,
                                        deciders.get(lab.owner_id), LOCAL, Booking)
        counts["closures"] += len(closures)
    return counts


def _bookings(lab, equipment, closures, users, decider, tz, Booking) -> int:
    from simple_history.utils import bulk_create_with_history

    approved: list[slots.Slot] = []
    made = []
    day = PERIOD[0]
    while day <= PERIOD[1]:
        for k in range(2):
            r = _rand(lab.slug, day, k)
            if day.weekday() not in lab.weekdays or r % 5 < 2:
                continue
            hour = lab.opens.hour + 1 + (r >> 3) % max(1, lab.closes.hour - lab.opens.hour - 3)
            length = 1 + (r >> 7) % 3
            start = datetime.combine(day, time(hour, 0), tzinfo=tz)
            end = start + timedelta(hours=length)
            item = equipment[(r >> 11) % len(equipment)] if equipment and (r >> 9) % 4 else None
            username, contact, affiliation, purposes = REQUESTERS[(r >> 13) % len(REQUESTERS)]
            request = slots.Slot(start, end, item.pk if item else None)
            problems = slots.check(request, opens=lab.opens, closes=lab.closes, weekdays=lab.weekdays, tz=tz,
                                   closures=closures, approved=approved)
            roll = (r >> 17) % 10
            if problems:
                if any(p.code == "conflict" for p in problems) and day >= TODAY and roll < 4:
                    status = "pending"  # waits; the lab will have to decline it or move it
                else:
                    continue
            elif day < TODAY:
                status = "declined" if roll == 0 else ("cancelled" if roll == 1 else "approved")
            else:
                status = "pending" if roll < 4 else "approved"
            user = users.get(username) if username else None
            b = Booking(
                lab=lab, owner_id=lab.owner_id, published=False, equipment=item, start=start, end=end,
                purpose=purposes[(r >> 21) % len(purposes)], requester=user, contact_name=contact,
                contact_email=user.email if user else f"{_rand(contact) % 9000 + 1000}.lienhe@gmail.com",
                contact_phone="" if user else f"09{_rand(contact, 'phone') % 10 ** 8:08d}", affiliation=affiliation, status=status,
                reason={"declined": "Thiết bị đã được xếp lịch cho lớp thực hành", "cancelled": "Người đăng ký hủy do đổi kế hoạch"}.get(status, ""),
                decided_by=decider if status in ("approved", "declined") else None,
                decided_at=start - timedelta(days=2) if status != "pending" else None)
            if status == "approved":
                approved.append(slots.Slot(start, end, item.pk if item else None, f"{start:%d/%m %H:%M}"))
            made.append(b)
        day += timedelta(days=1)
    bulk_create_with_history(made, Booking, batch_size=500)
    return len(made)
