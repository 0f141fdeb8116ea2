"""The one-stop legal forms as PDF, in Vietnamese, each dossier form with a QR code for the
public status lookup.

Circular 01/2018/TT-VPCP (rule set "2018") has six forms: 01 receipt and appointment,
02 request to complete, 03 refusal, 04 apology and new appointment, 05 processing-control
sheet, 06 tracking book. Circular 03/2025/TT-VPCP (rule set "2025", secondary source) has
seven: the same with 05 "stop processing" notice inserted and the apology becoming
"apology and request to extend" (the control sheet and tracking book move to 06 and 07).
A dossier's forms follow the rule set it was received under (`Dossier.rule_set`).

`render(form, dossier=..., **kwargs) -> bytes`; `applicable(form, dossier)` says whether a
dossier has what a form needs (an apology form without an apology is not a form);
`available(dossier)` lists them for the dossier page. The drawing is in `pdf_layout.py`.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from smartcity.onestop.errors import OneStopError
from smartcity.onestop.pdf_layout import (
    LOCAL,
    FontMissing,
    FormPDF,
    date_line,
    day,
    when,
    when_long,
)

__all__ = [
    "DOSSIER_FORMS",
    "FORMS_BY_RULE_SET",
    "FontMissing",
    "applicable",
    "available",
    "filename",
    "form_number",
    "form_title",
    "lookup_url",
    "render",
]

FORMS_BY_RULE_SET = {
    "2018": ["receipt", "supplement", "refusal", "apology", "control_sheet", "tracking_book"],
    "2025": ["receipt", "supplement", "refusal", "apology", "stop_notice", "control_sheet", "tracking_book"],
}
DOSSIER_FORMS = ("receipt", "supplement", "refusal", "apology", "stop_notice", "control_sheet")
CIRCULAR = {"2018": "Thông tư số 01/2018/TT-VPCP", "2025": "Thông tư số 03/2025/TT-VPCP"}
TITLES = {
    "receipt": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "supplement": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "refusal": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "apology": {"2018": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
                "2025": "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ"},
    "stop_notice": "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ",
    "control_sheet": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    "tracking_book": "SỔ THEO DÕI HỒ SƠ",
}
FILE_STEMS = {"receipt": "giay-tiep-nhan", "supplement": "phieu-yeu-cau-bo-sung", "refusal": "phieu-tu-choi",
              "apology": "phieu-xin-loi", "stop_notice": "thong-bao-dung-xu-ly", "control_sheet": "phieu-kiem-soat",
              "tracking_book": "so-theo-doi"}
CHANNELS = {"counter": "Trực tiếp tại Bộ phận Một cửa", "online": "Trực tuyến (Cổng Dịch vụ công)",
            "post": "Qua dịch vụ bưu chính công ích"}
STEPS = {
    "receive": "Tiếp nhận hồ sơ", "transfer": "Chuyển xử lý", "consult": "Gửi lấy ý kiến",
    "consult_reply": "Trả lời ý kiến", "supplement": "Yêu cầu bổ sung", "supplemented": "Nhận hồ sơ bổ sung",
    "suspend": "Dừng xử lý", "resume": "Tiếp tục xử lý", "apology": "Xin lỗi, hẹn lại", "result": "Có kết quả",
    "return": "Trả kết quả", "reject": "Từ chối", "withdraw": "Rút hồ sơ",
}
TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
STATUS_NOTES = {"supplement": "Đang bổ sung", "rejected": "Từ chối", "suspended": "Dừng xử lý",
                "withdrawn": "Rút hồ sơ", "consulting": "Đang lấy ý kiến"}


# -- what a dossier has ---------------------------------------------------------------------------
def form_number(form: str, rule_set: str) -> str:
    """'01'...'07': the position of the form in its circular's list."""
    return f"{FORMS_BY_RULE_SET[rule_set].index(form) + 1:02d}"


def form_title(form: str, rule_set: str) -> str:
    t = TITLES[form]
    return t[rule_set] if isinstance(t, dict) else t


def filename(form: str, code: str = "") -> str:
    return f"{FILE_STEMS[form]}-{code}.pdf" if code else f"{FILE_STEMS[form]}.pdf"


def _latest(qs, field):
    return qs.order_by(f"-{field}", "-id").first()


def _refusal_step(dossier):
    return dossier.handoffs.filter(kind="reject").order_by("-seq").first()


def applicable(form: str, dossier) -> bool:
    """Is this form in the dossier's rule set, and does the dossier have what it needs?"""
    if form not in DOSSIER_FORMS or form not in FORMS_BY_RULE_SET.get(dossier.rule_set, ()):
        return False
    if form in ("receipt", "control_sheet"):
        return dossier.received_at is not None
    if form == "supplement":
        return dossier.supplements.exists()
    if form == "refusal":
        return dossier.status == "rejected" or dossier.handoffs.filter(kind="reject").exists()
    if form == "apology":
        return dossier.apologies.exists()
    if form == "stop_notice":
        return dossier.suspensions.exists()
    return False


def available(dossier) -> list[dict]:
    """[{form, number, title, url}] for the dossier page's 'print' menu."""
    return [{"form": f, "number": form_number(f, dossier.rule_set), "title": form_title(f, dossier.rule_set),
             "url": reverse("onestop-form", args=[dossier.pk, f])}
            for f in FORMS_BY_RULE_SET.get(dossier.rule_set, ()) if f in DOSSIER_FORMS and applicable(f, dossier)]


def lookup_url(dossier) -> str:
    """What the QR code says: the public lookup page with the code filled in."""
    return settings.SMARTCITY_BASE_URL + reverse("onestop-lookup") + "?code=" + quote(dossier.code, safe="")


# -- small wording helpers ------------------------------------------------------------------------
def _place() -> str:
    return getattr(settings, "ONESTOP_FORM_PLACE", "Bình Dương")


def _superior(org) -> str:
    parent = getattr(org, "parent", None)
    return parent.name_vi if parent else ""


def _person(user) -> str:
    """Vietnamese order: family and middle names (`last_name`) before the given name, as the
    demo accounts store them ("Nguyễn Thị Ngọc" + "Lan")."""
    if not user:
        return ""
    return " ".join(x for x in (user.last_name.strip(), user.first_name.strip()) if x) or user.username


def _org_of(user, fallback):
    org = getattr(user, "organisation", None) if user else None
    return org or fallback


def _addressee(dossier) -> str:
    return "Tổ chức" if dossier.applicant_kind == "organisation" else "Ông/Bà"


def _days(value) -> str:
    d = Decimal(value).normalize()
    text = f"{d:f}".replace(".", ",")
    return f"{text} ngày làm việc"


def _vnd(amount) -> str:
    return f"{int(amount):,}".replace(",", ".") + " đồng"


def _start(pdf: FormPDF, form: str, rule_set: str, *, issuer, number: str, on, subtitle: str = ""):
    pdf.form_label(form_number(form, rule_set), CIRCULAR[rule_set])
    pdf.heading(superior=_superior(issuer), issuer=issuer.name_vi, number=number, place_date=date_line(_place(), on))
    pdf.title_block(form_title(form, rule_set), subtitle)


def _applicant(pdf: FormPDF, dossier, *, contacts: bool = True):
    pdf.field(_addressee(dossier), dossier.applicant_name)
    if contacts:
        if dossier.applicant_id_number:
            pdf.field("Số CCCD/Mã số thuế" if dossier.applicant_kind == "organisation" else "Số định danh cá nhân",
                      dossier.applicant_id_number)
        pdf.field("Địa chỉ", dossier.applicant_address)
        phone = dossier.applicant_phone or "…"
        pdf.field("Số điện thoại", phone + (f"    Email: {dossier.applicant_email}" if dossier.applicant_email else ""))


def _procedure(pdf: FormPDF, dossier):
    v = dossier.procedure_version
    pdf.field("Nội dung yêu cầu giải quyết", dossier.subject)
    pdf.field("Thủ tục hành chính", f"{v.name_vi} (mã {dossier.procedure.code}, phiên bản {v.number})")


def _documents(dossier) -> list[list]:
    """Rows (name, original or copy, count) of what was received: the intake uploads grouped
    by required document; a paper dossier received complete at the counter has no uploads,
    so its rows are the version's mandatory documents."""
    rows, seen = [], {}
    for doc in dossier.documents.filter(phase="intake").select_related("required").order_by("id"):
        req = doc.required
        if req is None:
            rows.append([doc.title, "Tệp điện tử", 1])
            continue
        if req.pk in seen:
            seen[req.pk][2] += 1
            continue
        row = [req.name_vi, "Bản chính" if req.original else "Bản sao", req.copies or 1]
        seen[req.pk] = row
        rows.append(row)
    if not rows:
        for req in dossier.procedure_version.documents.filter(mandatory=True).order_by("order", "id"):
            rows.append([req.name_vi, "Bản chính" if req.original else "Bản sao", req.copies or 1])
    return [[i, *r] for i, r in enumerate(rows, 1)]


# -- the forms ------------------------------------------------------------------------------------
def _receipt(dossier, **_kw) -> bytes:
    unit, v = dossier.owner, dossier.procedure_version
    pdf = FormPDF(title=f"{form_title('receipt', dossier.rule_set).capitalize()} {dossier.code}", footer_note=f"Mã hồ sơ {dossier.code}")
    _start(pdf, "receipt", dossier.rule_set, issuer=unit, number=f"Số: {dossier.code}", on=dossier.received_at,
           subtitle=f"Mã hồ sơ: {dossier.code}")
    pdf.para(f"{unit.name_vi} tiếp nhận hồ sơ của:")
    _applicant(pdf, dossier)
    _procedure(pdf, dossier)
    pdf.ln(1)
    pdf.para("1. Thành phần hồ sơ nộp gồm:", style="B")
    pdf.grid(["STT", "Tên giấy tờ", "Bản chính/Bản sao", "Số lượng"], _documents(dossier), [10, 110, 30, 20])
    pdf.para("2. Số lượng hồ sơ: 01 bộ")
    pdf.para(f"3. Thời gian giải quyết hồ sơ theo quy định là: {_days(v.time_limit_days)}")
    pdf.para(f"4. Thời gian nhận hồ sơ: {when_long(dossier.received_at)}")
    pdf.para(f"5. Thời gian trả kết quả giải quyết hồ sơ: {when_long(dossier.due_at)}", style="B")
    pdf.para(f"6. Hình thức nộp hồ sơ: {CHANNELS.get(dossier.channel, dossier.channel)}")
    back = CHANNELS.get(dossier.return_channel) if dossier.return_channel else f"Bộ phận Một cửa, {unit.name_vi}"
    pdf.para(f"7. Đăng ký nhận kết quả tại: {back}")
    fees = [f"{f.get('name_vi') or 'Phí, lệ phí'}: {_vnd(f.get('amount_vnd') or 0)}" for f in (v.fees or [])]
    if fees:
        pdf.para("8. Phí, lệ phí: " + "; ".join(fees))
    pdf.signatures([("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", dossier.applicant_name),
                    ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", _person(dossier.received_by))])
    pdf.qr_block(lookup_url(dossier), dossier.code)
    return pdf.bytes()


def _intro(pdf, dossier, unit):
    received = dossier.received_at or dossier.submitted_at
    verb = "đã tiếp nhận" if dossier.received_at else "đã nhận được"
    pdf.para(f"Ngày {day(received)}, {unit.name_vi} {verb} hồ sơ của:", indent=True)
    _applicant(pdf, dossier, contacts=False)
    pdf.field("Mã hồ sơ", dossier.code)
    _procedure(pdf, dossier)
    pdf.ln(1)


def _supplement(dossier, supplement=None, **_kw) -> bytes:
    sr = supplement or _latest(dossier.supplements.all(), "requested_at")
    unit = _org_of(sr.requested_by, dossier.current_unit)
    n = dossier.supplements.filter(requested_at__lte=sr.requested_at).count()
    pdf = FormPDF(title=f"Phiếu yêu cầu bổ sung hồ sơ {dossier.code}", footer_note=f"Mã hồ sơ {dossier.code}")
    _start(pdf, "supplement", dossier.rule_set, issuer=unit, number=f"Số: {dossier.code}/YCBS-{n}", on=sr.requested_at)
    _intro(pdf, dossier, unit)
    pdf.para(f"Qua nghiên cứu, xem xét hồ sơ, {unit.name_vi} đề nghị {_addressee(dossier)} bổ sung, hoàn thiện "
             "hồ sơ gồm những nội dung sau:", indent=True)
    pdf.items([str(i) for i in (sr.items or [])] or ["…"])
    if sr.reason:
        pdf.field("Lý do", sr.reason)
    contact = " ".join(x for x in [_person(sr.requested_by), f"số điện thoại {unit.phone}" if unit.phone else ""] if x)
    pdf.para(f"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, {_addressee(dossier)} liên hệ với "
             f"{contact or unit.name_vi} để được hướng dẫn. Thời hạn giải quyết được tính từ khi nhận đủ hồ sơ "
             "bổ sung.", indent=True)
    pdf.para("Xin trân trọng cảm ơn./.", indent=True)
    pdf.signatures([("", "", ""), ("NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", _person(sr.requested_by))])
    pdf.qr_block(lookup_url(dossier), dossier.code)
    return pdf.bytes()


def _refusal(dossier, reasons=None, **_kw) -> bytes:
    step = _refusal_step(dossier)
    if reasons is None:
        reasons = (step.note if step else "") or dossier.result_summary or ""
    if isinstance(reasons, str):
        reasons = [r.strip(" -•\t") for r in reasons.splitlines() if r.strip(" -•\t")]
    unit = (step.from_unit if step and step.from_unit else None) or _org_of(step.by if step else None, dossier.current_unit)
    on = step.at if step else (dossier.closed_at or timezone.now())
    pdf = FormPDF(title=f"Phiếu từ chối tiếp nhận hồ sơ {dossier.code}", footer_note=f"Mã hồ sơ {dossier.code}")
    _start(pdf, "refusal", dossier.rule_set, issuer=unit, number=f"Số: {dossier.code}/TC", on=on)
    _intro(pdf, dossier, unit)
    pdf.para(f"Qua xem xét, {unit.name_vi} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể "
             "như sau:", indent=True)
    pdf.items(reasons or ["…"])
    pdf.para(f"Xin thông báo cho {_addressee(dossier)} được biết và thực hiện./.", indent=True)
    pdf.signatures([("", "", ""), ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", _person(step.by if step else None))])
    pdf.qr_block(lookup_url(dossier), dossier.code)
    return pdf.bytes()


def _apology(dossier, apology=None, **_kw) -> bytes:
    ap = apology or _latest(dossier.apologies.all(), "issued_at")
    unit, who = ap.unit, _addressee(dossier)
    n = dossier.apologies.filter(issued_at__lte=ap.issued_at).count()
    pdf = FormPDF(title=f"Phiếu xin lỗi {dossier.code}", footer_note=f"Mã hồ sơ {dossier.code}")
    _start(pdf, "apology", dossier.rule_set, issuer=unit, number=f"Số: {dossier.code}/XL-{n}", on=ap.issued_at)
    received = dossier.received_at or dossier.submitted_at
    pdf.para(f"Ngày {day(received)}, {dossier.owner.name_vi} tiếp nhận giải quyết hồ sơ của:", indent=True)
    _applicant(pdf, dossier, contacts=False)
    pdf.field("Mã hồ sơ", dossier.code)
    _procedure(pdf, dossier)
    pdf.field("Thời gian hẹn trả kết quả giải quyết hồ sơ", when_long(ap.previous_due_at))
    pdf.field("Đơn vị để xảy ra chậm trễ", unit.name_vi)
    pdf.ln(1)
    pdf.para(f"Tuy nhiên, {unit.name_vi} chưa thể trả kết quả giải quyết hồ sơ cho {who} đúng hẹn.", indent=True)
    pdf.field("Lý do", ap.reason)
    if dossier.rule_set == "2025":
        pdf.para(f"Sự chậm trễ này đã gây phiền hà cho {who}. {unit.name_vi} xin lỗi {who} và đề nghị {who} "
                 f"đồng ý gia hạn thời gian giải quyết hồ sơ đến {when_long(ap.new_due_at)}.", indent=True)
        pdf.para(f"Kính mong {who} thông cảm và tạo điều kiện để {unit.name_vi} hoàn thành việc giải quyết hồ sơ.",
                 indent=True)
    else:
        pdf.para(f"Sự chậm trễ này đã gây phiền hà cho {who}. {unit.name_vi} xin lỗi {who} và sẽ trả kết quả "
                 f"giải quyết hồ sơ vào {when_long(ap.new_due_at)}.", indent=True)
        pdf.para(f"Mong nhận được sự thông cảm của {who} vì sự chậm trễ này.", indent=True)
    pdf.field("Hẹn trả kết quả mới", when(ap.new_due_at))
    if ap.automatic:
        pdf.para("(Phiếu do hệ thống lập tự động khi hồ sơ sắp đến hạn hoặc đã quá hạn; có hiệu lực khi được ký.)",
                 size=8.5, style="I")
    pdf.signatures([("", "", ""), ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)", _person(ap.issued_by))])
    pdf.qr_block(lookup_url(dossier), dossier.code)
    return pdf.bytes()


def _stop_notice(dossier, suspension=None, **_kw) -> bytes:
    s = suspension or _latest(dossier.suspensions.all(), "started_at")
    unit, who = _org_of(s.by, dossier.current_unit), _addressee(dossier)
    n = dossier.suspensions.filter(started_at__lte=s.started_at).count()
    pdf = FormPDF(title=f"Thông báo dừng xử lý hồ sơ {dossier.code}", footer_note=f"Mã hồ sơ {dossier.code}")
    _start(pdf, "stop_notice", dossier.rule_set, issuer=unit, number=f"Số: {dossier.code}/DXL-{n}", on=s.started_at)
    pdf.para(f"Kính gửi: {who} {dossier.applicant_name}", style="B", align="C")
    pdf.ln(1)
    _intro(pdf, dossier, dossier.owner)
    pdf.para(f"{unit.name_vi} thông báo dừng xử lý hồ sơ nêu trên kể từ {when_long(s.started_at)}.", indent=True)
    pdf.field("Lý do", s.reason)
    if s.ended_at:
        pdf.field("Hồ sơ được tiếp tục xử lý từ", when_long(s.ended_at))
    pdf.para("Thời gian dừng xử lý không tính vào thời hạn giải quyết hồ sơ; thời hạn còn lại được tính tiếp "
             "khi hồ sơ được tiếp tục xử lý.", indent=True)
    pdf.para(f"Xin thông báo để {who} được biết./.", indent=True)
    pdf.signatures([("", "", ""), ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)", _person(s.by))])
    pdf.qr_block(lookup_url(dossier), dossier.code)
    return pdf.bytes()


def _unit_name(org) -> str:
    return org.name_vi if org else ""


def _control_sheet(dossier, **_kw) -> bytes:
    v = dossier.procedure_version
    pdf = FormPDF(title=f"Phiếu kiểm soát quá trình giải quyết hồ sơ {dossier.code}", footer_note=f"Mã hồ sơ {dossier.code}")
    _start(pdf, "control_sheet", dossier.rule_set, issuer=dossier.owner, number=f"Số: {dossier.code}/KS",
           on=dossier.received_at)
    pdf.para(f"Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả, mã hồ sơ: {dossier.code}", style="I", align="C")
    pdf.ln(1)
    pdf.field("Người nộp hồ sơ", dossier.applicant_name)
    _procedure(pdf, dossier)
    pdf.field("Cơ quan chủ trì giải quyết", v.competent_unit.name_vi)
    pdf.field("Thời gian nhận hồ sơ", when(dossier.received_at))
    due = when(dossier.due_at)
    if dossier.original_due_at and dossier.due_at and dossier.original_due_at != dossier.due_at:
        due += f" (hẹn ban đầu {when(dossier.original_due_at)})"
    pdf.field("Hẹn trả kết quả", due)
    pdf.ln(2)
    rows = []
    for h in dossier.handoffs.select_related("from_unit", "to_unit", "by").order_by("seq"):
        giver = "\n".join(x for x in (_unit_name(h.from_unit), _person(h.by)) if x)
        rows.append([h.seq, STEPS.get(h.kind, h.kind), giver, _unit_name(h.to_unit), when(h.at), when(h.step_due_at),
                     when(h.completed_at), TIMELINESS.get(h.timeliness, ""), h.note])
    if rows:
        pdf.grid(["STT", "Nội dung", "Bên giao", "Bên nhận", "Thời gian giao, nhận", "Hạn xử lý", "Hoàn thành",
                  "Kết quả", "Ghi chú"], rows, [7, 18, 30, 24, 18, 18, 18, 14, 28], size=7.5)
    else:
        pdf.para("Chưa có bước giao, nhận nào.", style="I")
    pdf.para("Kết quả: Trước hạn / Đúng hạn / Quá hạn so với hạn xử lý của từng bước.", size=8.5, style="I")
    pdf.qr_block(lookup_url(dossier), dossier.code)
    return pdf.bytes()


def rule_set_on(on: dt.date) -> str:
    """The rule set in force on a day: Decree 118/2025 applies from 1 July 2025."""
    return "2025" if on >= dt.date(2025, 7, 1) else "2018"


def tracking_dossiers(unit, start: dt.date, end: dt.date):
    """The dossiers the unit's counter received between start and end (local dates, both
    included), in order of receipt: the rows of its tracking book."""
    from smartcity.onestop.models import Dossier

    lo = dt.datetime.combine(start, dt.time.min, tzinfo=LOCAL)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL)
    return Dossier.objects.filter(owner=unit, received_at__gte=lo, received_at__lt=hi).order_by("received_at", "id")


def tracking_rows(unit, start: dt.date, end: dt.date):
    """`tracking_dossiers` with what the book prints (procedure, competent unit, transfers)."""
    from django.db.models import Prefetch

    from smartcity.onestop.models import Handoff

    transfers = Prefetch("handoffs", queryset=Handoff.objects.filter(kind="transfer").select_related("to_unit").order_by("seq"),
                         to_attr="transfers")
    return (tracking_dossiers(unit, start, end).select_related("procedure", "procedure_version__competent_unit")
            .prefetch_related(transfers))


def _tracking_book(dossier=None, *, unit, start: dt.date, end: dt.date, rule_set: str | None = None, now=None, **_kw) -> bytes:
    rule_set = rule_set or rule_set_on(end)
    now = now or timezone.now()
    dossiers = list(tracking_rows(unit, start, end))
    pdf = FormPDF(title=f"Sổ theo dõi hồ sơ {unit.name_vi} {day(start)}–{day(end)}", landscape=True,
                  footer_note=f"Sổ theo dõi hồ sơ · {unit.name_vi} · {day(start)}–{day(end)}")
    _start(pdf, "tracking_book", rule_set, issuer=unit, number="", on=now,
           subtitle=f"Từ ngày {day(start)} đến ngày {day(end)}")
    rows = []
    for i, d in enumerate(dossiers, 1):
        moved = "\n".join(f"{when(h.at)} {h.to_unit.abbreviation or h.to_unit.name_vi}" for h in d.transfers if h.to_unit)
        notes = []
        if d.status in STATUS_NOTES:
            notes.append(STATUS_NOTES[d.status])
        finished = d.result_at
        if d.due_at and ((finished and finished > d.due_at) or (not finished and d.status in ("received", "processing", "consulting") and now > d.due_at)):
            notes.append("Quá hạn")
        if d.original_due_at and d.due_at and d.due_at != d.original_due_at:
            notes.append(f"Hẹn lại {day(d.due_at)}")
        contact = ", ".join(x for x in (d.applicant_address, d.phone_masked) if x)
        rows.append([i, d.code, d.procedure_version.name_vi, 1, d.applicant_name, contact,
                     d.procedure_version.competent_unit.name_vi, when(d.received_at), when(d.due_at), moved,
                     when(d.result_at), when(d.returned_at), "; ".join(notes)])
    if rows:
        pdf.grid(["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)", "Tên cá nhân, tổ chức",
                  "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả",
                  "Chuyển hồ sơ đến cơ quan giải quyết", "Có kết quả giải quyết", "Đã trả kết quả", "Ghi chú"],
                 rows, [7, 36, 34, 9, 24, 30, 22, 16, 16, 22, 16, 16, 16], size=6.8)
    else:
        pdf.para("Không có hồ sơ nào được tiếp nhận trong khoảng thời gian này.", style="I")
    pdf.para(f"Tổng số: {len(rows)} hồ sơ.", style="B")
    return pdf.bytes()


RENDERERS = {"receipt": _receipt, "supplement": _supplement, "refusal": _refusal, "apology": _apology,
             "stop_notice": _stop_notice, "control_sheet": _control_sheet}


def render(form: str, *, dossier=None, **kwargs) -> bytes:
    """The form as PDF bytes. Dossier forms need `dossier`; the tracking book needs `unit`,
    `start`, `end` (dates). Raises OneStopError("form_not_available") when the form is not
    in the dossier's rule set or the dossier lacks what it needs, and FontMissing on a
    server without a Unicode font."""
    if form == "tracking_book":
        missing = [k for k in ("unit", "start", "end") if kwargs.get(k) is None]
        if missing:
            raise OneStopError("form_not_available", f"the tracking book needs {', '.join(missing)}", missing[0])
        return _tracking_book(**kwargs)
    if form not in RENDERERS:
        raise OneStopError("form_not_available", f"unknown form {form!r}", "form")
    if dossier is None:
        raise OneStopError("form_not_available", f"the form {form!r} is made for a dossier", "dossier")
    if not applicable(form, dossier):
        raise OneStopError("form_not_available",
                           f"the form {form!r} does not apply to dossier {dossier.code} (rule set {dossier.rule_set})", "form")
    for key, related in (("apology", "apologies"), ("supplement", "supplements"), ("suspension", "suspensions")):
        obj = kwargs.get(key)
        if obj is not None and obj.dossier_id != dossier.pk:
            raise OneStopError("form_not_available", f"this {key} belongs to another dossier", key)
    return RENDERERS[form](dossier, **kwargs)
