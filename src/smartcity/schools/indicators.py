"""Key indicator of the advanced-modern primary school programme: schools recognised in
the latest school year decided, out of the schools in the programme."""
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def compute() -> list[Reading]:
    from smartcity.schools.models import Assessment, School, SchoolStatus, State

    schools = School.objects.filter(published=True, status=SchoolStatus.ACTIVE).count()
    year = Assessment.objects.filter(state__in=(State.RECOGNISED, State.NOT_YET)).order_by("-school_year") \
        .values_list("school_year", flat=True).first()
    recognised = Assessment.objects.filter(school_year=year, state=State.RECOGNISED).count() if year else 0
    return [Reading("schools.recognised", _("Advanced-modern schools recognised"), recognised, "",
                    "ok" if recognised else "none",
                    (_("School year %(year)s, of %(n)d schools in the programme") % {"year": year, "n": schools}) if year
                    else _("No decision yet"), reverse("schools-home"))]


def register() -> None:
    register_provider(Provider("schools", gettext_lazy("Schools"), compute, order=86, icon="TH"))
