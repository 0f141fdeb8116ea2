"""SIPAS surveys (filled in by the survey part).

Contract:
    create_invitation(dossier) -> SurveyInvitation        # idempotent, called on return
    survey_url(invitation) -> str                          # absolute link for SMS/QR
"""
import secrets


def create_invitation(dossier):
    from smartcity.onestop.models import SurveyInvitation

    invitation, _ = SurveyInvitation.objects.get_or_create(dossier=dossier, defaults={"token": secrets.token_urlsafe(24)})
    return invitation


def survey_url(invitation) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SMARTCITY_BASE_URL + reverse("onestop-survey", args=[invitation.token])
