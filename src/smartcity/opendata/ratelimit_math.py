"""Fixed-window rate limiting arithmetic (no Django import).

The counter of a client lives in the window [start, start + period) where start is the
time floored to a multiple of the period (the "fixed window counter" of IETF draft
draft-ietf-httpapi-ratelimit-headers, RateLimit-Policy `w=`). Retry-After (RFC 9110
section 10.2.3) is the whole number of seconds until the window ends, at least 1.
"""
import math


def window_start(now: float, period: int) -> int:
    return int(now // period) * period


def retry_after(now: float, period: int) -> int:
    return max(1, math.ceil(window_start(now, period) + period - now))


def remaining(limit: int, used: int) -> int:
    return max(0, limit - used)
