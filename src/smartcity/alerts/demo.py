"""Demo rules of the Department of Natural Resources and Environment (DONRE) on the hub's
demo assets. Assets are looked up by type; with none of a type yet, its rules are skipped.
Idempotent: rules are found again by (owner, name). The rules are then replayed on the
last 24 hours of readings (each rule remembers what it has seen, so a second run adds
nothing) and the missing-data sweep runs once."""
from smartcity.demo.registry import register

RULES = [
    # type, quantity, kind, params, severity, all_owners, name, description
    ("air-station", "pm25", "threshold", {"op": ">", "value": 50, "clear_value": 40, "duration_s": 3600}, "high", True,
     "Bụi PM2.5 trên 50 µg/m³ kéo dài 1 giờ",
     "Cảnh báo sớm: PM2.5 vượt 50 µg/m³ liên tục 1 giờ (giới hạn trung bình 24 giờ theo QCVN 05:2023/BTNMT); "
     "hết cảnh báo khi xuống dưới 40 µg/m³."),
    ("air-station", "pm25", "rate", {"max_per_hour": 40, "direction": "rise"}, "low", True,
     "Bụi PM2.5 tăng đột biến",
     "PM2.5 tăng nhanh hơn 40 µg/m³ mỗi giờ giữa hai lần đo: kiểm tra nguồn thải quanh trạm hoặc thiết bị."),
    ("air-station", None, "missing", {"factor": 3}, "medium", False,
     "Trạm quan trắc không khí mất dữ liệu",
     "Không nhận được số liệu trong 3 chu kỳ truyền liên tiếp."),
    ("water-station", None, "missing", {"factor": 3}, "medium", False,
     "Trạm quan trắc nước mặt mất dữ liệu",
     "Không nhận được số liệu trong 3 chu kỳ truyền liên tiếp."),
    ("waste-bin", "fill_level", "threshold", {"op": ">", "value": 85, "clear_value": 30, "duration_s": 0}, "medium", True,
     "Thùng rác đầy trên 85 %",
     "Cần điều xe thu gom; hết cảnh báo khi thùng đã được thu gom (dưới 30 %)."),
    ("waste-bin", "battery", "threshold", {"op": "<", "value": 15, "clear_value": 25, "duration_s": 0}, "low", True,
     "Pin cảm biến thùng rác yếu",
     "Pin dưới 15 %: thay pin trong lần thu gom tới."),
]


@register(30, "alerts")
def load_demo_alert_rules() -> dict:
    from django.contrib.auth import get_user_model

    from smartcity.alerts.models import AlertRule, NotificationPreference
    from smartcity.core.models import Organisation
    from smartcity.hub.models import Asset, AssetType, Quantity

    donre = Organisation.objects.filter(code="DONRE").first()
    if donre is None:
        return {"rules": 0}
    created = skipped = 0
    for type_code, quantity, kind, params, severity, all_owners, name, description in RULES:
        if not Asset.objects.filter(asset_type_id=type_code).exists() or not AssetType.objects.filter(code=type_code).exists():
            skipped += 1
            continue
        if quantity and not Quantity.objects.filter(code=quantity).exists():
            skipped += 1
            continue
        _rule, was_created = AlertRule.objects.get_or_create(owner=donre, name=name, defaults=dict(
            description=description, severity=severity, target="asset_type", asset_type_id=type_code,
            quantity_id=quantity, all_owners=all_owners, kind=kind, params=params))
        created += was_created
    prefs = 0
    user = get_user_model().objects.filter(username="donre.minh").first()
    if user is not None and AlertRule.objects.filter(owner=donre).exists():
        _pref, prefs = NotificationPreference.objects.get_or_create(
            user=user, organisation=donre, asset_type=None, defaults=dict(min_severity="high", by_email=True))
    summary = {"rules": created, "skipped (no assets of the type yet)": skipped, "preferences": int(prefs)}
    if AlertRule.objects.filter(owner=donre).exists():
        # judge the last day of demo history, so the pages show real episodes at once
        from smartcity.alerts.services import check_missing, replay

        done = replay(hours=24)
        missing = check_missing()
        summary.update(raised=done["raised"] + missing["raised"], cleared=done["cleared"] + missing["cleared"])
    return summary
