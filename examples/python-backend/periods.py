"""Periods, comparison windows and buckets in the dashboard time zone (contract v1, SPEC §2/§4).

Dates are plain calendar days (`datetime.date`); they become instants only in
`day_start`, where `zoneinfo` says when a local day begins. A day is therefore
23 or 25 hours long across a DST change and is still one bucket.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ROLLING = {"7d": 7, "30d": 30, "90d": 90, "365d": 365}
CALENDAR_LABELS = {"today": "Today", "week": "This week", "month": "This month",
                   "quarter": "This quarter", "year": "This year"}
DEFAULT_RANGE = "30d"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 Mar - 1 month -> 28/29 Feb)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def period_start(range_: str, today: date) -> date:
    if range_ == "week":
        return today - timedelta(days=today.weekday())
    if range_ == "month":
        return today.replace(day=1)
    if range_ == "quarter":
        return date(today.year, today.month - (today.month - 1) % 3, 1)
    if range_ == "year":
        return date(today.year, 1, 1)
    return today


def step_back(range_: str, start: date) -> date:
    """Start of the calendar period before the one starting at `start`."""
    if range_ == "week":
        return start - timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}.get(range_)
    return add_months(start, -months) if months else start - timedelta(days=1)


def format_range(a: date, b: date) -> str:
    """`21 Nov 2026`, `1–21 Nov 2026`, `28 Oct – 21 Nov 2026`, `28 Dec 2025 – 3 Jan 2026`."""
    day = lambda d: f"{d.day} {MONTHS[d.month - 1]}"  # noqa: E731
    if a == b:
        return f"{day(b)} {b.year}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{day(b)} {b.year}"
    if a.year == b.year:
        return f"{day(a)} – {day(b)} {b.year}"
    return f"{day(a)} {a.year} – {day(b)} {b.year}"


@dataclass
class Window:
    start: date
    end: date  # inclusive

    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Resolved:
    period: Window
    label: str
    comparison: Window | None
    mode: str

    def period_json(self) -> dict:
        return {"from": self.period.start.isoformat(), "to": self.period.end.isoformat(), "label": self.label}

    def comparison_json(self) -> dict | None:
        if self.comparison is None:
            return None
        c = self.comparison
        prefix = "Previous period" if self.mode == "previous" else "Same period last year"
        return {"mode": self.mode, "from": c.start.isoformat(), "to": c.end.isoformat(),
                "label": f"{prefix} ({format_range(c.start, c.end)})"}


def resolve(query: dict, today: date) -> Resolved:
    """The period a validated query asks for, and its comparison window."""
    custom = query.get("range") == "custom" or ("range" not in query and ("from" in query or "to" in query))
    range_ = "custom" if custom else query.get("range", DEFAULT_RANGE)
    if range_ in CALENDAR_LABELS:
        start, end = period_start(range_, today), today
        label = f"{CALENDAR_LABELS[range_]} ({format_range(start, end)})"
        prev_start = step_back(range_, start)
        prev_end = min(prev_start + (end - start), start - timedelta(days=1))
        previous = Window(prev_start, prev_end)
    else:
        if range_ in ROLLING:
            start, end = today - timedelta(days=ROLLING[range_] - 1), today
            label = f"Last {ROLLING[range_]} days ({format_range(start, end)})"
        else:
            start, end = query["from"], query["to"]
            label = format_range(start, end)
        length = timedelta(days=(end - start).days + 1)
        previous = Window(start - length, start - timedelta(days=1))
    mode = query.get("compare", "previous")
    if mode == "none":
        comparison = None
    elif mode == "year":
        comparison = Window(add_months(start, -12), add_months(end, -12))
    else:
        comparison = previous
    return Resolved(Window(start, end), label, comparison, mode)


def auto_granularity(window: Window) -> str:
    """Day up to 62 days, week up to 26 weeks, else month."""
    return "day" if window.days() <= 62 else "week" if window.days() <= 26 * 7 else "month"


def bucket_starts(window: Window, granularity: str) -> list[date]:
    """Start dates of every bucket touching the window; the first may begin before it."""
    if granularity == "week":
        b = window.start - timedelta(days=window.start.weekday())
    elif granularity == "month":
        b = window.start.replace(day=1)
    else:
        b = window.start
    starts = []
    while b <= window.end:
        starts.append(b)
        if granularity == "month":
            b = add_months(b, 1)
        else:
            b += timedelta(days=7 if granularity == "week" else 1)
    return starts


def day_start(d: date, tz: ZoneInfo) -> int:
    """The instant (epoch seconds) local day `d` begins in `tz`."""
    return int(datetime.combine(d, time(0), tzinfo=tz).timestamp())


def bucket_bounds(window: Window, granularity: str, tz: ZoneInfo) -> list[tuple[str, int, int]]:
    """(label, from, to) instants per bucket, each clipped to the window: partial buckets count only its days."""
    starts = bucket_starts(window, granularity)
    bounds = []
    for i, s in enumerate(starts):
        nxt = starts[i + 1] if i + 1 < len(starts) else window.end + timedelta(days=1)
        lo, hi = max(s, window.start), min(nxt, window.end + timedelta(days=1))
        bounds.append((s.isoformat(), day_start(lo, tz), day_start(hi, tz)))
    return bounds
