"""Messages to the applicant (filled in by the notifications part) through pluggable senders.

Contract:
    notify(dossier, event: str, *, extra: dict | None = None) -> list[Notification]
events: received, supplement, rejected, apology, result_ready, returned, survey, submitted.
Never raises because a sender failed: the failure is stored on the Notification.
"""


def notify(dossier, event: str, *, extra: dict | None = None) -> list:
    return []
