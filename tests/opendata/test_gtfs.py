"""The active GTFS feed is published through the mobility app's own export."""
import io
import zipfile

from smartcity.opendata import services
from smartcity.opendata.models import Dataset

FILES = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nBTK,Becamex Tokyu,https://www.becamex-tokyu.com,Asia/Ho_Chi_Minh\n",
    "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nTTHC,Trung tâm Hành chính tỉnh,11.0527,106.6655\n"
                 "AEON,AEON Mall Bình Dương Canary,10.9326,106.7118\n",
    "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,BTK,1,Trung tâm Hành chính – AEON Mall,3\n",
    "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                    "WD,1,1,1,1,1,1,1,20260101,20261231\n",
    "trips.txt": "route_id,service_id,trip_id\nR1,WD,R1-0600\n",
    "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nR1-0600,06:00:00,06:00:00,TTHC,1\n"
                      "R1-0600,06:35:00,06:35:00,AEON,2\n",
}


def test_active_feed_becomes_a_gtfs_dataset(reference, client):
    from smartcity.mobility.services import feeds

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in FILES.items():
            zf.writestr(name, text)
    feeds.import_feed(buf.getvalue(), owner="BECAMEXTOKYU", name="Xe buýt Becamex Tokyu", activate=True, force=True)
    services.sync()
    ds = Dataset.objects.get(source_key__startswith="mobility:gtfs:")
    assert ds.slug == "gtfs-xe-buyt-becamex-tokyu" and ds.owner.code == "BECAMEXTOKYU" and ds.theme == "TRAN"
    r = ds.resources.get(key="gtfs")
    response = client.get(f"/opendata/r/{r.uuid}/{r.filename}")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        assert "stops.txt" in zf.namelist() and "AEON Mall Bình Dương Canary" in zf.read("stops.txt").decode()
