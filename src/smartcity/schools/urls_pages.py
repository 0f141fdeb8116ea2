"""UI routes of the schools app (views_overview, views_schools, views_assessments, views_criteria)."""
from django.urls import path

from smartcity.schools import views_assessments as va
from smartcity.schools import views_criteria as vc
from smartcity.schools import views_overview as vo
from smartcity.schools import views_schools as vs

_YEAR = "<str:year>"

urlpatterns = [
    path("", vo.overview, name="schools-home"),
    path("report/<str:year>/", vo.report_page, name="schools-report"),
    path("report/<str:year>/xlsx/", vo.report_xlsx, name="schools-report-xlsx"),
    path("report/<str:year>/pdf/", vo.report_pdf, name="schools-report-pdf"),
    path("list/", vs.school_list, name="schools-list"),
    path("mine/", vs.mine, name="schools-mine"),
    path("new/", vs.school_edit, name="schools-new"),
    path("s/<slug:code>/", vs.school_detail, name="schools-detail"),
    path("s/<slug:code>/edit/", vs.school_edit, name="schools-edit"),
    path("s/<slug:code>/open/", va.open_current, name="schools-open"),
    path(f"s/<slug:code>/{_YEAR}/", va.assessment_page, name="schools-assessment"),
    path(f"s/<slug:code>/{_YEAR}/self/", va.save_self, name="schools-self"),
    path(f"s/<slug:code>/{_YEAR}/evidence/", va.upload_evidence, name="schools-evidence-upload"),
    path(f"s/<slug:code>/{_YEAR}/evaluate/", va.evaluate, name="schools-evaluate"),
    path(f"s/<slug:code>/{_YEAR}/return/", va.return_to_school, name="schools-return"),
    path(f"s/<slug:code>/{_YEAR}/decide/", va.decide, name="schools-decide"),
    path("evidence/<int:pk>/", va.evidence_download, name="schools-evidence"),
    path("criteria/", vc.set_list, name="schools-sets"),
    path("criteria/<int:pk>/", vc.set_detail, name="schools-set"),
    path("criteria/<int:pk>/groups/", vc.add_group, name="schools-set-group"),
    path("criteria/<int:pk>/criteria/", vc.add_criterion, name="schools-set-criterion"),
    path("criteria/<int:pk>/publish/", vc.publish, name="schools-set-publish"),
    path("criteria/<int:pk>/copy/", vc.copy, name="schools-set-copy"),
]
