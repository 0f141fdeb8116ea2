"""The life of a community initiative, modelled on Decidim proposals (decidim-proposals:
evaluating / accepted / rejected answers, then the implementation states) with the
platform's own e-mail confirmation step first. No Django import.

    pending --(e-mail code)--> submitted -> under_review -> published | rejected (reason)
    published -> accepted | rejected (reason) | in_progress
    accepted -> in_progress -> implemented
"""
PENDING, SUBMITTED, UNDER_REVIEW, PUBLISHED, REJECTED = "pending", "submitted", "under_review", "published", "rejected"
ACCEPTED, IN_PROGRESS, IMPLEMENTED = "accepted", "in_progress", "implemented"

TRANSITIONS: dict[str, tuple[str, ...]] = {
    PENDING: (SUBMITTED,),
    SUBMITTED: (UNDER_REVIEW, PUBLISHED, REJECTED),
    UNDER_REVIEW: (PUBLISHED, REJECTED),
    PUBLISHED: (ACCEPTED, IN_PROGRESS, REJECTED),
    ACCEPTED: (IN_PROGRESS, IMPLEMENTED),
    IN_PROGRESS: (IMPLEMENTED,),
    REJECTED: (),
    IMPLEMENTED: (),
}

# what the public sees (lists, detail, API) and what others may still support
PUBLIC_STATES = frozenset({PUBLISHED, ACCEPTED, IN_PROGRESS, IMPLEMENTED})
SUPPORTABLE_STATES = frozenset({PUBLISHED, ACCEPTED, IN_PROGRESS})
STAFF_QUEUE = (SUBMITTED, UNDER_REVIEW)
# a refusal must say why: the proposer and the public read the reason
NEEDS_REASON = frozenset({REJECTED})


class TransitionError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def allowed(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


def check(current: str, target: str, reason: str = "") -> None:
    """Raise TransitionError unless `current -> target` is a step of the workflow."""
    if target not in TRANSITIONS:
        raise TransitionError("unknown_state", f"Unknown state: {target}")
    if target not in allowed(current):
        raise TransitionError("invalid_transition", f"An initiative cannot go from {current} to {target}.")
    if target in NEEDS_REASON and not (reason or "").strip():
        raise TransitionError("reason_required", "A rejection needs a reason.")
