"""Small one-stop fixtures built straight from the models (no services), so that each part's
tests can run before the others land: one field, two procedures across two units, and
dossiers in any state."""
import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
_seq = itertools.count(1)

APPLICANTS = [  # name, citizen ID, phone, e-mail, address
    ("Nguyễn Văn Hùng", "074085001234", "0908123456", "nguyenvanhung@gmail.com", "12 Yersin, phường Phú Cường, Thủ Dầu Một"),
    ("Trần Thị Mỹ Linh", "074190004321", "0912654321", "mylinh.tran@yahoo.com", "45/3 Đại lộ Bình Dương, phường Lái Thiêu, Thuận An"),
    ("Lê Hoàng Phúc", "074088007788", "0978111222", "", "Tổ 5, khu phố 3, phường Mỹ Phước, Bến Cát"),
]


def local(y, m, d, hh=8, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LOCAL)


def make_procedures():
    """{'house': individual house permit (DOC, 15 days, 2 steps: DOC appraisal then DOC lead),
        'business': household business registration (DPI, 3 days)} with one version in force each."""
    from smartcity.core.models import Organisation
    from smartcity.onestop.models import Procedure, ProcedureField, ProcedureVersion, RequiredDocument, RuleSet, VersionStatus

    org = {o.code: o for o in Organisation.objects.filter(code__in=["DOC", "DPI", "DONRE", "DOHA"])}
    construction, _ = ProcedureField.objects.get_or_create(code="xay-dung", defaults=dict(name_vi="Hoạt động xây dựng", name_en="Construction"))
    business, _ = ProcedureField.objects.get_or_create(code="thanh-lap-doanh-nghiep", defaults=dict(
        name_vi="Thành lập và hoạt động của doanh nghiệp", name_en="Enterprise registration"))
    out = {}
    for key, code, name_vi, name_en, field, unit, days, steps, docs in [
        ("house", "1.009972", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "Construction permit for a new individual house",
         construction, "DOC", Decimal("15"),
         [{"key": "appraisal", "name_vi": "Thẩm định hồ sơ, kiểm tra thực địa", "name_en": "Appraisal and site check", "unit": "DOC", "days": 7},
          {"key": "consult", "name_vi": "Lấy ý kiến cơ quan liên quan", "name_en": "Consult related agencies", "unit": "DONRE", "days": 5},
          {"key": "sign", "name_vi": "Trình ký, cấp giấy phép", "name_en": "Sign and issue the permit", "unit": "DOC", "days": 3}],
         [("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)", "Application form (Form 01)"),
          ("Bản sao giấy tờ chứng minh quyền sử dụng đất", "Copy of the land-use right certificate"),
          ("02 bộ bản vẽ thiết kế xây dựng", "Two sets of construction drawings")]),
        ("business", "2.000575", "Đăng ký thành lập hộ kinh doanh", "Registration of a household business",
         business, "DPI", Decimal("3"),
         [{"key": "review", "name_vi": "Xem xét, cấp giấy chứng nhận", "name_en": "Review and certify", "unit": "DPI", "days": 3}],
         [("Giấy đề nghị đăng ký hộ kinh doanh", "Application for household business registration")]),
    ]:
        proc = Procedure.objects.create(owner=org[unit], code=code, name_vi=name_vi, name_en=name_en, field=field)
        version = ProcedureVersion.objects.create(
            procedure=proc, number=1, status=VersionStatus.IN_FORCE, valid_from=dt.date(2025, 7, 1), rule_set=RuleSet.R2025,
            name_vi=name_vi, name_en=name_en, competent_unit=org[unit], receiving_unit=org[unit], time_limit_days=days,
            legal_basis="Nghị định 118/2025/NĐ-CP", fees=[{"name_vi": "Lệ phí", "name_en": "Fee", "amount_vnd": 75000, "note": ""}],
            steps=steps)
        for i, (dvi, den) in enumerate(docs):
            RequiredDocument.objects.create(version=version, order=i, name_vi=dvi, name_en=den)
        proc.current_version = version
        proc.save(update_fields=["current_version"])
        out[key] = version
    return out


def make_dossier(version, *, status="received", received_at=None, due_at=None, applicant=0, channel="counter",
                 current_unit=None, **extra):
    """A dossier straight in the database (code TEST-style from a counter, not the real pattern)."""
    from smartcity.onestop.crypto import keyed_hash, mask
    from smartcity.onestop.models import Dossier

    name, id_number, phone, email, address = APPLICANTS[applicant % len(APPLICANTS)]
    received_at = received_at or local(2026, 3, 2, 9, 15)
    n = next(_seq)
    return Dossier.objects.create(
        owner=version.receiving_unit, code=f"000.00.{version.receiving_unit.code}-{received_at:%y%m%d}-{n:04d}",
        procedure_version=version, procedure=version.procedure, rule_set=version.rule_set, channel=channel, status=status,
        current_unit=current_unit or version.receiving_unit, subject=f"{version.name_vi} — {name}",
        applicant_name=name, applicant_id_number=id_number, applicant_phone=phone, applicant_email=email, applicant_address=address,
        id_number_masked=mask(id_number), phone_masked=mask(phone), lookup_secret=keyed_hash(phone[-4:], "lookup"),
        received_at=received_at, due_at=due_at or received_at + dt.timedelta(days=21),
        original_due_at=due_at or received_at + dt.timedelta(days=21), **extra)
