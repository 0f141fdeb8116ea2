"""Mobility (DOT): the active GTFS schedule of each published bus feed, exported by the
mobility app's own `export_feed` (the files the feed came with, original cell texts)."""
import io

from django.utils.text import slugify

from smartcity.opendata.providers import DatasetSpec, ResourceSpec, stamp
from smartcity.opendata.text import fold


def _feeds():
    from smartcity.mobility.models import Feed, FeedStatus

    return Feed.objects.filter(published=True, status=FeedStatus.ACTIVE).select_related("owner").order_by("name", "owner__code")


def _gtfs(feed_id: int):
    def write():
        from smartcity.mobility.services import feeds as feed_service

        buf = io.BytesIO()
        feed_service.export_feed(feed_id, buf)
        data = buf.getvalue()
        for i in range(0, len(data), 65536):
            yield data[i:i + 65536]
    return write


def datasets():
    specs = []
    for feed in _feeds():
        slug = "gtfs-" + (slugify(fold(feed.name)) or str(feed.pk))[:80]
        feed_id = feed.pk

        def version(feed_id=feed_id):
            from smartcity.mobility.models import Feed

            f = Feed.objects.filter(pk=feed_id).values_list("version", "sha256", "updated_at").first()
            return stamp(feed_id, *(f or ()))

        specs.append(DatasetSpec(
            key=f"mobility:gtfs:{feed.owner.code}:{slugify(fold(feed.name))}", slug=slug, publisher=feed.owner.code, theme="TRAN",
            title_vi=f"Lịch trình xe buýt GTFS – {feed.name}", title_en=f"Bus schedule GTFS – {feed.name}",
            description_vi="Lịch trình tĩnh theo chuẩn GTFS (General Transit Feed Specification) của phiên bản đang áp dụng: "
                           "tuyến, điểm dừng, chuyến, giờ đến và đi tại từng điểm dừng, lịch chạy." + (f" {feed.description}" if feed.description else ""),
            description_en="Static schedule in GTFS (General Transit Feed Specification) of the version in force: routes, stops, "
                           "trips, stop times and service calendars.",
            keywords=["GTFS", "xe buýt", "giao thông công cộng", "bus", "public transport"], frequency="IRREG",
            version=version, modified=lambda feed=feed: feed.activated_at or feed.updated_at,
            temporal=lambda feed=feed: (feed.start_date, feed.end_date),
            landing_page="mobility-map", contact_name=feed.owner.name_vi,
            resources=[ResourceSpec(key="gtfs", title_vi=f"GTFS {feed.name} (zip)", title_en=f"GTFS {feed.name} (zip)", format="GTFS",
                                    filename=f"{slug}.zip", write=_gtfs(feed_id))],
        ))
    return specs
