"""Programme (Smart City Office): every item of each published plan with its lead unit,
dates, status and progress, as the public accountability page shows them."""
from django.db.models import Count, Max

from smartcity.opendata.providers import DatasetSpec, Field, stamp, table

FIELDS = [Field("plan"), Field("number"), Field("kind"), Field("parent"), Field("title_vi"), Field("title_en"),
          Field("lead_unit"), Field("start_date", "date"), Field("end_date", "date"), Field("deadline", "date"),
          Field("status"), Field("progress", "numeric"), Field("reference")]


def _items():
    from smartcity.programme.models import Item

    return Item.objects.filter(published=True, plan__published=True)


def rows():
    for i in _items().select_related("plan", "parent", "owner", "status").order_by("plan__code", "position", "id"):
        yield {"plan": i.plan.number, "number": i.number, "kind": i.kind, "parent": i.parent.number if i.parent_id else "",
               "title_vi": i.title_vi, "title_en": i.title_en, "lead_unit": i.owner.code, "start_date": i.start_date,
               "end_date": i.end_date, "deadline": i.deadline, "status": i.status.key if i.status_id else "",
               "progress": round(i.progress, 1), "reference": i.reference}


def _version():
    agg = _items().aggregate(n=Count("id"), u=Max("updated_at"))
    return stamp(agg["n"], agg["u"])


def datasets():
    from smartcity.programme.models import Plan

    plan = Plan.objects.filter(published=True).select_related("owner").order_by("issued_on").first()
    if plan is None:
        return []
    return [DatasetSpec(
        key="programme:progress", slug="tien-do-chuong-trinh-tptm", publisher=plan.owner.code, theme="GOVE",
        title_vi="Tiến độ thực hiện Đề án Thành phố thông minh Bình Dương", title_en="Progress of the Binh Duong Smart City programme",
        description_vi=f"Các nhiệm vụ của {plan.number} theo cây kế hoạch: đơn vị chủ trì, thời hạn, trạng thái và tiến độ (%); "
                       "tiến độ của nhiệm vụ cha được tổng hợp từ nhiệm vụ con.",
        description_en=f"The items of plan {plan.number} as a tree: lead unit, deadlines, status and progress (%); a parent's "
                       "progress is rolled up from its children.",
        keywords=["thành phố thông minh", "tiến độ", "kế hoạch", "smart city", "programme"], frequency="MONTHLY",
        version=_version, modified=lambda: _items().aggregate(m=Max("updated_at"))["m"], landing_page="programme-home",
        contact_name=plan.owner.name_vi,
        resources=[table("csv", "Nhiệm vụ và tiến độ (CSV)", "Items and progress (CSV)", FIELDS, rows, "tien-do-chuong-trinh.csv"),
                   table("json", "Nhiệm vụ và tiến độ (JSON)", "Items and progress (JSON)", FIELDS, rows, "tien-do-chuong-trinh.json",
                         fmt="JSON")],
    )]
