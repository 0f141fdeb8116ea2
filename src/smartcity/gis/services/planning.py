"""The planning check of a one-stop construction permit dossier.

`check_dossier` takes the parcel (a feature of a parcel layer) or a drawn footprint, finds the
planning zones, red lines and protection corridors around it (bbox query, then shapely),
runs the pure check (`gis.planning.check`), records a `PlanningCheck` and attaches the
finding to the dossier as appraisal evidence: a `DossierDocument` (phase "working") holding
a PDF with the request, the finding table and a map snapshot.

Only the unit holding the dossier (editor role or higher) or the coordinator may run it,
and only while the dossier is being processed (received, processing, consulting)."""
from __future__ import annotations

import hashlib
import io
import json
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from shapely.geometry import shape

from smartcity.gis import planning as rules

OPEN = ("received", "processing", "consulting")
SEARCH_MARGIN_DEG = 0.002   # ~220 m around the footprint: red lines and corridors nearby count
RESULT_VI = {"pass": "ĐẠT", "warn": "CẦN LƯU Ý", "fail": "KHÔNG ĐẠT"}
RULE_VI = {rules.USE: "Mục đích sử dụng", rules.MAX_HEIGHT_M: "Chiều cao tối đa", rules.MAX_FLOORS: "Số tầng tối đa",
           rules.MAX_COVERAGE_PCT: "Mật độ xây dựng tối đa", rules.SETBACK_M: "Khoảng lùi", "zones": "Khu quy hoạch",
           "red_line": "Chỉ giới đường đỏ", "corridor": "Hành lang bảo vệ"}


class PlanningError(Exception):
    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field

    def as_dict(self) -> dict:
        body = {"code": self.code, "detail": self.message}
        if self.field:
            body["field"] = self.field
        return body


def can_check(user, dossier) -> bool:
    """The unit holding the dossier (editor or higher) or the coordinator."""
    from smartcity.core.models import Role
    from smartcity.core.permissions import is_coordinator

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_coordinator(user):
        return True
    return bool(user.organisation_id and user.organisation_id == dossier.current_unit_id and user.has_role(Role.EDITOR))


def _geometry(value, field="footprint") -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise PlanningError("bad_geometry", "The footprint is not GeoJSON.", field) from exc
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise PlanningError("bad_geometry", "The footprint must be a GeoJSON Polygon or MultiPolygon.", field)
    try:
        geom = shape(value)
    except Exception as exc:  # shapely raises several types on malformed coordinates
        raise PlanningError("bad_geometry", "The footprint's coordinates are malformed.", field) from exc
    if geom.is_empty or geom.area == 0:
        raise PlanningError("bad_geometry", "The footprint is empty.", field)
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise PlanningError("bad_geometry", "The footprint must be in WGS84 longitude/latitude.", field)
    return value


def _decimal(value, field, low, high) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, TypeError) as exc:
        raise PlanningError("invalid", f"{field} must be a number.", field) from exc
    if not d.is_finite() or d < low or d > high:
        raise PlanningError("invalid", f"{field} must be between {low} and {high}.", field)
    return d.quantize(Decimal("0.01"))


def planning_features(bounds, at=None) -> dict:
    """{"zones", "red_lines", "corridors"}: features of the planning layers whose bbox overlaps
    `bounds` (widened by SEARCH_MARGIN_DEG), valid at `at`, as dicts for the pure check."""
    from django.db.models import Q

    from smartcity.gis.models import Feature, LayerKind
    from smartcity.gis.spatial import bbox_q

    at = at or timezone.now()
    minx, miny, maxx, maxy = bounds
    m = SEARCH_MARGIN_DEG
    kinds = {LayerKind.PLANNING_ZONE: "zones", LayerKind.RED_LINE: "red_lines", LayerKind.CORRIDOR: "corridors"}
    today = at.date()
    qs = (Feature.objects.filter(layer__kind__in=list(kinds))
          .filter(Q(layer__valid_to__isnull=True) | Q(layer__valid_to__gte=today))
          .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
          .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=at))
          .filter(bbox_q(minx - m, miny - m, maxx + m, maxy + m))
          .select_related("layer").order_by("layer__key", "id"))
    out = {"zones": [], "red_lines": [], "corridors": []}
    for f in qs:
        out[kinds[f.layer.kind]].append({"layer": f.layer.key, "fid": f.fid, "geometry": json.loads(f.geometry),
                                         "properties": f.properties or {}})
    return out


def check_dossier(dossier, *, parcel=None, footprint=None, use, height_m, floors, coverage_pct, user, at=None):
    """Runs the planning check for the dossier and attaches the evidence PDF. Returns the
    PlanningCheck (its `document` attribute is the DossierDocument)."""
    from smartcity.gis.models import LayerKind, PlanningCheck

    if not can_check(user, dossier):
        raise PermissionDenied("Only the unit holding the dossier may run its planning check.")
    if dossier.status not in OPEN:
        raise PlanningError("bad_state", f"The dossier is '{dossier.status}': the planning check needs it in processing.", "dossier")
    if footprint is None and parcel is None:
        raise PlanningError("missing", "Give the parcel or draw the footprint.", "footprint")
    if parcel is not None and parcel.layer.kind != LayerKind.PARCEL:
        raise PlanningError("invalid", "The parcel must be a feature of a parcel layer.", "parcel")
    geometry = _geometry(footprint if footprint is not None else parcel.geometry)
    use = (use or "").strip().lower()
    if use not in rules.LAND_USES:
        raise PlanningError("invalid", f"Unknown use; one of: {', '.join(rules.LAND_USES)}.", "use")
    height = _decimal(height_m, "height_m", Decimal("0.1"), Decimal(999))
    try:
        floors = int(floors)
    except (TypeError, ValueError) as exc:
        raise PlanningError("invalid", "floors must be a whole number.", "floors") from exc
    if not 1 <= floors <= 200:
        raise PlanningError("invalid", "floors must be between 1 and 200.", "floors")
    coverage = _decimal(coverage_pct, "coverage_pct", Decimal(0), Decimal(100))

    at = at or timezone.now()
    around = planning_features(shape(geometry).bounds, at)
    request = rules.Request(use=use, height_m=float(height), floors=floors, coverage_pct=float(coverage))
    outcome = rules.check(geometry, request, **around)
    with transaction.atomic():
        check = PlanningCheck.objects.create(
            dossier=dossier, parcel=parcel, footprint=json.dumps(geometry), use=use, height_m=height, floors=floors,
            coverage_pct=coverage, result=outcome["result"], findings=outcome["findings"],
            checked_by=user if getattr(user, "pk", None) else None)
        svg = rules.snapshot_svg(geometry, outcome["findings"], **around)
        pdf = evidence_pdf(dossier, check, outcome, svg, geometry, at=at)
        check.document = attach_evidence(dossier, check, pdf, user)
        check.save(update_fields=["document"])  # the link is kept (and in the check's history)
    check.area_m2 = outcome["area_m2"]
    return check


def attach_evidence(dossier, check, pdf: bytes, user):
    from django.core.files.base import ContentFile

    from smartcity.onestop.models import DocumentPhase, DossierDocument

    sha = hashlib.sha256(pdf).hexdigest()
    name = f"{re.sub(r'[^0-9A-Za-z.-]', '_', dossier.code)}-quy-hoach-{check.pk}.pdf"
    doc = DossierDocument(dossier=dossier, phase=DocumentPhase.WORKING,
                          title=f"Phiếu kiểm tra quy hoạch số {check.pk} — {RESULT_VI[check.result]}"[:300],
                          content_type="application/pdf", size=len(pdf), sha256=sha,
                          uploaded_by=user if getattr(user, "pk", None) else None)
    doc.file.save(name, ContentFile(pdf, name=name), save=False)
    doc.save()
    return doc


def evidence_document(check):
    """The DossierDocument holding this check's PDF: the check's `document` link; for checks
    made before the link existed (or whose link was lost), the dossier's working document
    stored under the check's file name."""
    if check.document_id:
        return check.document
    if check.dossier_id is None:
        return None
    return (check.dossier.documents.filter(phase="working", file__endswith=f"-quy-hoach-{check.pk}.pdf")
            .order_by("-id").first())


def link_evidence_documents(checks=None) -> int:
    """Sets `document` on older checks from the file-name lookup; the number linked (the
    `smartcity gis planning` command or a data migration may call it once)."""
    from smartcity.gis.models import PlanningCheck

    linked = 0
    qs = PlanningCheck.objects.filter(document__isnull=True, dossier__isnull=False) if checks is None else checks
    for check in qs.select_related("dossier"):
        doc = evidence_document(check)
        if doc is not None:
            check.document = doc
            check.save(update_fields=["document"])
            linked += 1
    return linked


def _fmt(v) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def evidence_pdf(dossier, check, outcome: dict, svg: str, geometry: dict, *, at=None) -> bytes:
    """The 'phiếu kiểm tra quy hoạch': the request, the findings per zone and the map."""
    from smartcity.onestop.pdf_layout import FormPDF, date_line, when

    at = at or timezone.now()
    unit = dossier.current_unit
    pdf = FormPDF(title=f"Phiếu kiểm tra quy hoạch — {dossier.code}", footer_note=f"Hồ sơ {dossier.code}")
    parent = getattr(unit, "parent", None)
    pdf.heading(superior=parent.name_vi if parent else "", issuer=unit.name_vi, number=f"Số: {check.pk}/KTQH",
                place_date=date_line("Bình Dương", at))
    pdf.title_block("PHIẾU KIỂM TRA QUY HOẠCH", "Bằng chứng thẩm định hồ sơ cấp giấy phép xây dựng")
    pdf.field("Hồ sơ", f"{dossier.code} — {dossier.procedure.name_vi}")
    pdf.field("Người đề nghị", dossier.applicant_name)
    pdf.field("Địa chỉ", dossier.applicant_address)
    if check.parcel_id:
        props = check.parcel.properties or {}
        label = ", ".join(f"{k}: {props[k]}" for k in ("sheet", "parcel", "to_ban_do", "thua_dat") if props.get(k))
        pdf.field("Thửa đất", f"{check.parcel.layer.key}/{check.parcel.fid}" + (f" ({label})" if label else ""))
    else:
        pdf.field("Vị trí", "Mặt bằng công trình do cán bộ vẽ trên bản đồ")
    pdf.field("Đề nghị", f"{rules.use_label(check.use)}; cao {_fmt(float(check.height_m))} m; {check.floors} tầng; "
                         f"mật độ xây dựng {_fmt(float(check.coverage_pct))}%; diện tích {_fmt(outcome['area_m2'])} m²")
    pdf.field("Kết quả", RESULT_VI[check.result])
    pdf.ln(2)
    kinds = {"zone": "Khu quy hoạch", "red_line": "Chỉ giới đường đỏ", "corridor": "Hành lang bảo vệ"}
    for f in outcome["findings"]:
        pdf.need(24)
        where = f["zone"] or "Phần ngoài các khu quy hoạch"
        plan = ", ".join(x for x in (f"quyết định {f['decision']}" if f.get("decision") else "",
                                     f"phiên bản {f['version']}" if f.get("version") not in (None, "") else "") if x)
        share = f" — {_fmt(f['share_pct'])}% diện tích" if f.get("share_pct") not in (None, 100.0) else ""
        pdf.set_font("Body", "B", 9.5)
        pdf.multi_cell(0, 5, f"{kinds.get(f['kind'], '')}: {where}" + (f" ({plan})" if plan else "") + share
                       + f" — {RESULT_VI[f['result']]}", new_x="LMARGIN", new_y="NEXT")
        rows = []
        for c in f["checks"]:
            requested, allowed = c["requested"], c["allowed"]
            if c["rule"] == rules.USE:
                requested = rules.use_label(str(requested))
                allowed = ", ".join(rules.use_label(u.strip()) for u in str(allowed).split(","))
            rows.append([RULE_VI.get(c["rule"], c["rule"]), _fmt(requested), _fmt(allowed), RESULT_VI[c["result"]], c["message"]])
        pdf.grid(["Tiêu chí", "Đề nghị", "Cho phép", "Kết quả", "Ghi chú"], rows, [22, 16, 22, 13, 45], size=8)
    if not outcome["findings"]:
        pdf.para("Không có khu quy hoạch, chỉ giới đường đỏ hay hành lang bảo vệ nào quanh công trình.", style="I")
    w = pdf.width
    pdf.need(w * 420 / 600 + 20)
    pdf.set_font("Body", "B", 10)
    pdf.cell(0, 6, "Sơ đồ vị trí", new_x="LMARGIN", new_y="NEXT")
    pdf.image(io.BytesIO(svg.encode()), x=pdf.l_margin, y=pdf.get_y(), w=w, h=w * 420 / 600)
    pdf.set_y(pdf.get_y() + w * 420 / 600 + 2)
    pdf.set_font("Body", "I", 8)
    pdf.multi_cell(0, 4, f"Thước tỷ lệ {rules.scale_bar_m(geometry)} m. Màu đen: công trình; vùng màu: khu quy hoạch "
                         "(xanh đạt, vàng cần lưu ý, đỏ không đạt); nét đỏ: chỉ giới đường đỏ; vùng xanh dương: hành lang bảo vệ.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 8)
    pdf.cell(0, 5, f"Kiểm tra lúc {when(check.checked_at or at)}; hệ tọa độ đo: UTM 48N (EPSG:32648)",
             new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def recent_checks(dossier):
    return dossier.planning_checks.select_related("checked_by", "parcel", "parcel__layer", "document").order_by("-checked_at", "-id")


__all__ = ["PlanningError", "can_check", "check_dossier", "evidence_document", "link_evidence_documents",
           "planning_features", "recent_checks"]
