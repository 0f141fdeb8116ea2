"""Lab pages under /research/labs/: the list (public), a lab's page with its equipment,
closures and - for its staff - the requests waiting for a decision; the week calendar and
the iCalendar file of approved bookings; the booking form (logged in, or public with contact
details kept private); decisions (the lab's organisation only, `require_change`)."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, is_coordinator, require_change, visible, writable_owners
from smartcity.research import services
from smartcity.research.forms import BookingForm, ClosureFormSet, EquipmentFormSet, LabForm
from smartcity.research.models import Booking, BookingStatus, Lab
from smartcity.research.views_common import edit_owned


def _labs(user):
    return visible(Lab.objects.select_related("owner"), user)


def _lab(user, slug) -> Lab:
    return get_object_or_404(_labs(user), slug=slug)


def lab_list(request):
    qs = _labs(request.user).prefetch_related("equipment")
    owner, q = request.GET.get("owner", ""), request.GET.get("q", "").strip()
    if owner:
        qs = qs.filter(owner__code=owner)
    labs = list(qs)
    if q:
        ql = q.lower()
        labs = [lab for lab in labs if ql in lab.name_vi.lower() or ql in lab.name_en.lower() or ql in lab.field.lower()
                or any(ql in c.lower() for c in lab.capabilities)]
    owners = sorted({lab.owner for lab in _labs(request.user)}, key=lambda o: o.code)
    return render(request, "research/lab_list.html", {"labs": labs, "owners": owners, "owner": owner, "q": q,
                                                       "can_create": writable_owners(request.user).exists()})


def lab_detail(request, slug):
    lab = _lab(request.user, slug)
    staff = can_change(request.user, lab)
    now = timezone.now()
    pending = list(lab.bookings.filter(status=BookingStatus.PENDING, end__gte=now).select_related("equipment", "requester")) if staff else []
    upcoming = list(lab.bookings.filter(status=BookingStatus.APPROVED, end__gte=now).select_related("equipment")[:20])
    mine = []
    if request.user.is_authenticated:
        mine = list(lab.bookings.filter(requester=request.user).exclude(status=BookingStatus.CANCELLED)
                    .filter(end__gte=now).select_related("equipment"))
    return render(request, "research/lab_detail.html", {
        "lab": lab, "staff": staff, "pending": pending, "upcoming": upcoming, "mine": mine,
        "equipment": list(visible(lab.equipment.all(), request.user)),
        "closures": list(lab.closures.filter(end__gte=now)[:10]),
        "days": services.weekday_names(lab.weekdays),
    })


def lab_calendar(request, slug):
    lab = _lab(request.user, slug)
    raw = request.GET.get("week", "")
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        raise Http404("bad date") from None
    return render(request, "research/lab_calendar.html", {"lab": lab, "week": services.week_view(lab, day, request.user)})


def lab_ics(request, slug):
    lab = _lab(request.user, slug)
    response = HttpResponse(services.lab_ics(lab), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{lab.slug}.ics"'
    return response


def book(request, slug):
    """The booking form: logged-in users, or anyone with a name and an e-mail."""
    lab = _lab(request.user, slug)
    form = BookingForm(request.POST or None, lab=lab, user=request.user, initial={"day": request.GET.get("day")})
    if request.method == "POST" and form.is_valid():
        start, end = form.slot()
        d = form.cleaned_data
        try:
            booking = services.request_booking(
                lab, start=start, end=end, purpose=d["purpose"], equipment=d["equipment"], user=request.user,
                contact_name=d["contact_name"], contact_email=d["contact_email"], contact_phone=d["contact_phone"],
                affiliation=d["affiliation"])
        except services.BookingError as exc:
            for _code, msg in exc.problems:
                form.add_error(None, msg)
        else:
            messages.success(request, _("Your request #%(id)s was sent to the lab; you will get an e-mail when it is decided.")
                             % {"id": booking.pk})
            return redirect(reverse("research-lab-calendar", args=[lab.slug]) + f"?week={start.date().isoformat()}")
    return render(request, "research/book.html", {"lab": lab, "form": form}, status=400 if form.errors else 200)


@login_required
def bookings(request):
    """My requests, and the requests to the labs of my organisation."""
    user = request.user
    mine = list(Booking.objects.filter(requester=user).select_related("lab", "equipment").order_by("-start")[:100])
    qs = None
    if is_coordinator(user):
        qs = Booking.objects.all()
    elif user.organisation_id and writable_owners(user).exists():
        qs = Booking.objects.filter(owner_id=user.organisation_id)
    incoming = list(qs.select_related("lab", "equipment", "requester").order_by("-start")[:200]) if qs is not None else []
    incoming.sort(key=lambda b: (b.status != BookingStatus.PENDING, b.start))  # waiting requests first
    return render(request, "research/bookings.html", {"mine": mine, "incoming": incoming})


@require_POST
@login_required
def decide(request, pk):
    booking = get_object_or_404(Booking.objects.select_related("lab", "equipment"), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "approve":
            require_change(request.user, booking)
            services.approve(booking, request.user)
            messages.success(request, _("Booking #%(id)s approved.") % {"id": booking.pk})
        elif action == "decline":
            require_change(request.user, booking)
            services.decline(booking, request.user, request.POST.get("reason", ""))
            messages.success(request, _("Booking #%(id)s declined.") % {"id": booking.pk})
        elif action == "cancel":
            if not services.may_cancel(request.user, booking):
                require_change(request.user, booking)
            services.cancel(booking, request.user, request.POST.get("reason", ""))
            messages.success(request, _("Booking #%(id)s cancelled.") % {"id": booking.pk})
        else:
            raise Http404("unknown action")
    except services.BookingError as exc:
        messages.error(request, str(exc))
    nxt = request.POST.get("next", "")
    if nxt.startswith("/research/"):
        return redirect(nxt)
    return redirect("research-lab-detail", slug=booking.lab.slug)


def _lab_formsets():
    return [("equipment", EquipmentFormSet, _("Equipment")), ("closures", ClosureFormSet, _("Closures"))]


@login_required
def lab_create(request):
    return edit_owned(request, form_class=LabForm, instance=None, formsets=_lab_formsets(), title=_("New lab"),
                      back_url=reverse("research-labs"), done=lambda lab: reverse("research-lab-detail", args=[lab.slug]))


@login_required
def lab_edit(request, slug):
    lab = get_object_or_404(Lab, slug=slug)
    return edit_owned(request, form_class=LabForm, instance=lab, formsets=_lab_formsets(), title=_("Edit lab"),
                      back_url=reverse("research-lab-detail", args=[slug]), done=lambda lab: reverse("research-lab-detail", args=[lab.slug]))
