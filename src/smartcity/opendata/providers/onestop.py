"""One-stop shop (DOHA): dossiers received and resolved per month, on-time rate. Aggregates
only (the same figures as the public GET /api/onestop/stats); no dossier, no applicant."""
import datetime as dt

from django.db.models import Count, Max

from smartcity.opendata.providers import DatasetSpec, Field, ResourceSpec, stamp, table

MONTHS = 24
FIELDS = [Field("month"), Field("received_total", "int"), Field("received_counter", "int"), Field("received_online", "int"),
          Field("received_post", "int"), Field("resolved", "int"), Field("resolved_late", "int"), Field("on_time_rate", "numeric")]


def _period():
    from smartcity.onestop.kpis import LOCAL

    end = dt.datetime.now(LOCAL).date()
    y, m = end.year, end.month - (MONTHS - 1)
    while m < 1:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1), end


def rows():
    from smartcity.onestop.services import reports

    start, end = _period()
    for e in reports.by_month(start, end):
        rec = e["received"]
        yield {"month": e["month"], "received_total": rec.get("total", 0), "received_counter": rec.get("counter", 0),
               "received_online": rec.get("online", 0), "received_post": rec.get("post", 0), "resolved": e["resolved"],
               "resolved_late": e["late"], "on_time_rate": None if e["on_time_rate"] is None else round(e["on_time_rate"], 4)}


def _version():
    from smartcity.onestop.models import Dossier

    agg = Dossier.objects.aggregate(n=Count("id"), u=Max("updated_at"))
    return stamp(_period()[1], agg["n"], agg["u"])


def datasets():
    from smartcity.onestop.models import Dossier

    return [DatasetSpec(
        key="onestop:monthly", slug="thong-ke-ho-so-mot-cua", publisher="DOHA", theme="GOVE",
        title_vi="Thống kê hồ sơ thủ tục hành chính theo tháng", title_en="Administrative procedure dossiers per month",
        description_vi=f"Số hồ sơ tiếp nhận (trực tiếp, trực tuyến, bưu chính), số hồ sơ đã giải quyết, trễ hạn và tỷ lệ đúng hạn "
                       f"của bộ phận một cửa các cấp, {MONTHS} tháng gần nhất. Chỉ số liệu tổng hợp, không có thông tin cá nhân.",
        description_en=f"Dossiers received (counter, online, post), resolved, late and the on-time rate at the one-stop shops, "
                       f"last {MONTHS} months. Aggregates only, no personal data.",
        keywords=["một cửa", "thủ tục hành chính", "cải cách hành chính", "one-stop shop", "dossiers"], frequency="MONTHLY",
        version=_version, modified=lambda: Dossier.objects.aggregate(m=Max("updated_at"))["m"], temporal=_period,
        landing_page="onestop-home", contact_name="Sở Nội vụ",
        resources=[table("csv", "Hồ sơ theo tháng (CSV)", "Dossiers per month (CSV)", FIELDS, rows, "ho-so-mot-cua-theo-thang.csv"),
                   ResourceSpec(key="api", title_vi="API thống kê một cửa", title_en="One-stop statistics API", format="API",
                                url="api-onestop-stats")],
    )]
