"""Fixtures of the schools tests: a small programme built in bulk (a published criteria set of
the present school year with three areas, two schools, a school user of one of them, a
department editor and an editor of another department)."""
import pytest

from smartcity.schools import scoring


@pytest.fixture
def year():
    from django.utils import timezone

    return scoring.school_year_of(timezone.localdate())


@pytest.fixture
def programme(db, reference, make_user, year):
    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.schools.models import CriteriaGroup, CriteriaSet, Criterion, School, SchoolMembership

    doet = Organisation.objects.get(code="DOET")
    tdm = AdministrativeUnit.objects.get(code="718")
    ward = AdministrativeUnit.objects.get(code="79-PHULOI")
    cset = CriteriaSet.objects.create(owner=doet, school_year=year, title_vi=f"Bộ tiêu chí năm học {year}",
                                      title_en=f"Criteria {year}", pass_total=80, pass_group=60)
    g1 = CriteriaGroup.objects.create(criteria_set=cset, code="management", name_vi="Quản lý và quản trị nhà trường",
                                      name_en="Management and governance", weight=1, order=0)
    g2 = CriteriaGroup.objects.create(criteria_set=cset, code="facilities", name_vi="Cơ sở vật chất và công nghệ thông tin",
                                      name_en="Facilities and ICT", weight=1, order=1)
    g3 = CriteriaGroup.objects.create(criteria_set=cset, code="teaching", name_vi="Phương pháp dạy học và chương trình",
                                      name_en="Teaching methods and curriculum", weight=2, order=2)
    crits = [
        Criterion.objects.create(group=g1, code="1.1", name_vi="Kế hoạch phát triển nhà trường được phê duyệt",
                                 rule="binary", max_score=10, mandatory=True, evidence_required=True, order=1),
        Criterion.objects.create(group=g2, code="3.1", name_vi="Số học sinh trên một máy tính", rule="threshold",
                                 threshold=20, direction="at_most", unit="HS/máy", max_score=10, order=1),
        Criterion.objects.create(group=g3, code="4.2", name_vi="Dạy tiếng Anh tăng cường", rule="levels", max_score=10, order=1),
        Criterion.objects.create(group=g3, code="4.3", name_vi="Giáo dục STEM và robotics", rule="levels", max_score=10, order=2),
    ]
    cset.status = "published"
    cset.save()
    phu_hoa = School.objects.create(owner=doet, code="th-phu-hoa-1", name_vi="Trường Tiểu học Phú Hòa 1",
                                    name_en="Phu Hoa 1 Primary School", unit=ward, former_unit=tdm, latitude=10.98722,
                                    longitude=106.67021, pupils=2150, classes=60, teachers=87, joined_year=2018,
                                    address="Đường Phú Lợi, phường Phú Lợi")
    dinh_hoa = School.objects.create(owner=doet, code="th-dinh-hoa", name_vi="Trường Tiểu học Định Hòa",
                                     unit=AdministrativeUnit.objects.get(code="79-CHANHHIEP"), former_unit=tdm,
                                     latitude=11.02618, longitude=106.66207, pupils=2380, classes=66, teachers=95, joined_year=2018)
    teacher = make_user("thphuhoa1.tuyet", "DOET", "viewer", first_name="Tuyết", last_name="Nguyễn Thị Ánh")
    SchoolMembership.objects.create(user=teacher, school=phu_hoa, role="principal")
    return {"set": cset, "groups": [g1, g2, g3], "criteria": crits, "school": phu_hoa, "other_school": dinh_hoa,
            "teacher": teacher, "doet": make_user("doet.hanh", "DOET", "editor"),
            "dpi": make_user("dpi.thao", "DPI", "editor"), "year": year}


@pytest.fixture
def full_entries(programme):
    """Values that satisfy every criterion of the programme's set."""
    c = programme["criteria"]
    return {c[0].pk: (1.0, "Quyết định phê duyệt số 125/QĐ-UBND"), c[1].pk: (12.0, ""), c[2].pk: (3.0, ""), c[3].pk: (2.0, "")}


@pytest.fixture
def pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name="ke-hoach.pdf", data=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"):
        return SimpleUploadedFile(name, data, content_type="application/pdf")

    return make
