"""The schools programme's entry in the platform's navigation and home page."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def _counts() -> list[tuple[str, int]]:
    from smartcity.schools.models import Assessment, School, State

    return [(_("schools in the programme"), School.objects.filter(published=True).count()),
            (_("schools recognised"), Assessment.objects.filter(state=State.RECOGNISED).values("school").distinct().count())]


def register() -> None:
    register_module(Module(
        key="schools", label=_("Advanced-modern primary schools"), url_name="schools-home",
        plan_items=("P11",),
        description=_("Schools of the programme, criteria by school year, self-assessments with evidence, the department's evaluations, progress by school and district, the yearly report."),
        counts=_counts, order=88,
    ))
