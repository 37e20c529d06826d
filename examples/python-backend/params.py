"""Query-parameter validation with the rules of contract v1 (src/contract/params.ts).

Every failure names its parameter, so the server can answer
`400 {errors: [{param, message}]}`; unknown and repeated parameters are errors
too: nothing is silently ignored.
"""
from __future__ import annotations

import base64
import json
import re
from datetime import date, datetime
from urllib.parse import parse_qsl

RANGES = ["today", "week", "month", "quarter", "year", "7d", "30d", "90d", "365d", "custom"]
MAX_PERIOD_DAYS = 3660
MAX_METRICS = 20
DEFAULT_BOUNDS = [30, 60, 90, 120]
AGING_SORTS = ["name", "total", "overdue", "invoices", "oldest"]
METRIC_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class BadRequest(Exception):
    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{p}: {m}" for p, m in errors))
        self.errors = errors


def choice(*values: str):
    def parse(raw: str) -> str:
        if raw not in values:
            raise ValueError(f"expected one of {', '.join(values)}, got \"{raw}\"")
        return raw
    return parse


def iso_date(raw: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise ValueError("expected a calendar date written YYYY-MM-DD")


def integer(low: int, high: int):
    def parse(raw: str) -> int:
        if not re.fullmatch(r"\d{1,10}", raw) or not low <= int(raw) <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return int(raw)
    return parse


def metric_list(raw: str) -> list[str]:
    ids = [s.strip() for s in raw.split(",")]
    if raw == "":
        raise ValueError("expected one or more metric ids separated by commas")
    for i in ids:
        if not METRIC_ID.match(i):
            raise ValueError(f"\"{i}\" is not a metric id (lowercase letters, digits and _)")
    if len(set(ids)) != len(ids):
        raise ValueError("lists a metric more than once")
    if len(ids) > MAX_METRICS:
        raise ValueError(f"at most {MAX_METRICS} metrics per request")
    return ids


def metric_id(raw: str) -> str:
    if not METRIC_ID.match(raw):
        raise ValueError("expected an id of lowercase letters, digits and _")
    return raw


def bucket_bounds(raw: str) -> list[int]:
    if not re.fullmatch(r"\d{1,4}(,\d{1,4}){0,11}", raw):
        raise ValueError("expected ascending day counts such as 30,60,90,120")
    bounds = [int(b) for b in raw.split(",")]
    if any(b < 1 for b in bounds) or any(b <= a for a, b in zip(bounds, bounds[1:])):
        raise ValueError("day counts must be positive and strictly ascending, e.g. 30,60,90,120")
    return bounds


def amount(raw: str) -> str:
    if not re.fullmatch(r"\d{1,15}(\.\d{1,6})?", raw):
        raise ValueError("expected a non-negative decimal amount such as 100 or 99.95")
    return raw


def text(max_length: int):
    def parse(raw: str) -> str:
        if len(raw) > max_length:
            raise ValueError(f"at most {max_length} characters")
        return raw
    return parse


ACTIVITY_KINDS = ["order"]
CURSOR_MESSAGE = "expected the `next` cursor of an earlier v1/activity response"


def encode_cursor(at_key: str, kind: str, id_key: str) -> str:
    """The opaque `next` of v1/activity: base64url JSON of the last item's time (microseconds), kind and id."""
    raw = json.dumps([at_key, kind, id_key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def activity_cursor(raw: str) -> tuple[datetime, str, str]:
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        at, kind, id_ = json.loads(text)
        if not (isinstance(at, str) and isinstance(kind, str) and isinstance(id_, str)):
            raise ValueError
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", at):
            raise ValueError
        return datetime.fromisoformat(at.replace("Z", "+00:00")), kind, id_
    except Exception:  # anything that is not our own cursor
        raise ValueError(CURSOR_MESSAGE) from None


def activity_kinds(raw: str) -> list[str]:
    kinds = [k.strip() for k in raw.split(",")]
    for k in kinds:
        if not re.fullmatch(r"[a-z][a-z0-9_-]{0,31}", k):
            raise ValueError(f"\"{k}\" is not a kind (lowercase letters, digits, _ and -)")
    if len(set(kinds)) != len(kinds):
        raise ValueError("lists a kind more than once")
    unknown = [k for k in kinds if k not in ACTIVITY_KINDS]
    if unknown:
        raise ValueError(f"unknown kind \"{unknown[0]}\"; known: {', '.join(ACTIVITY_KINDS)}")
    return kinds


MAX_FILTERS = 8


def filter_list(raw: str) -> list[tuple[str, str]]:
    """`filter=customer:42,region:north`: (dimension, value) pairs, each dimension once, sorted by dimension."""
    if raw.strip() == "":
        raise ValueError("expected dimension:value pairs separated by commas, e.g. customer:42")
    pairs = raw.split(",")
    if len(pairs) > MAX_FILTERS:
        raise ValueError(f"at most {MAX_FILTERS} dimension:value pairs")
    out: list[tuple[str, str]] = []
    for pair in pairs:
        dimension, _, value = (s.strip() for s in pair.partition(":"))
        if not METRIC_ID.match(dimension):
            raise ValueError(f"\"{dimension}\" is not a dimension id (lowercase letters, digits and _)")
        if value == "":
            raise ValueError(f"{dimension}: missing a value (write {dimension}:<value>)")
        if len(value) > 200 or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise ValueError(f"{dimension}: expected a value of at most 200 printable characters")
        if any(d == dimension for d, _ in out):
            raise ValueError(f"lists {dimension} more than once")
        out.append((dimension, value))
    return sorted(out)


PERIOD = {"range": choice(*RANGES), "from": iso_date, "to": iso_date,
          "compare": choice("previous", "year", "none")}

FILTER = {"filter": filter_list}

SCHEMAS = {
    "meta": {}, "health": {},
    "stats": {"metrics": metric_list, **PERIOD, **FILTER},
    "series": {"metrics": metric_list, **PERIOD, "granularity": choice("day", "week", "month"), **FILTER},
    "breakdown": {"metric": metric_id, "by": metric_id, "limit": integer(1, 100), **PERIOD, **FILTER},
    "segments": {**PERIOD, **FILTER},
    "aging": {"asOf": iso_date, "basis": choice("due", "invoice"), "buckets": bucket_bounds,
              "sort": metric_id, "order": choice("asc", "desc"), "limit": integer(1, 1000),
              "offset": integer(0, 1_000_000_000), "search": text(100), "minAmount": amount,
              "bucket": metric_id, **FILTER},
    "agingInvoices": {"asOf": iso_date, "basis": choice("due", "invoice"), "buckets": bucket_bounds},
    "lowStock": {"limit": integer(1, 1000), "offset": integer(0, 1_000_000_000), **FILTER},
    "activity": {"limit": integer(1, 1000), "before": activity_cursor, "kinds": activity_kinds, **FILTER},
    "status": {},
}
REQUIRED = {"stats": ["metrics"], "series": ["metrics"], "breakdown": ["metric", "by"]}


def bucket_ids(bounds: list[int]) -> list[str]:
    """`current`, `days_1_30`, ..., `days_121_plus` for the given upper bounds."""
    ids, low = ["current"], 1
    for b in bounds:
        ids.append(f"days_{low}_{b}")
        low = b + 1
    return ids + [f"days_{low}_plus"]


def period_rules(q: dict, errors: list[tuple[str, str]]) -> None:
    custom = q.get("range") == "custom" or ("range" not in q and ("from" in q or "to" in q))
    if not custom:
        for key in ("from", "to"):
            if key in q:
                errors.append((key, f"only allowed with range=custom (got range={q.get('range')})"))
        return
    for key in ("from", "to"):
        if key not in q:
            errors.append((key, "required when range=custom"))
    if "from" in q and "to" in q:
        span = (q["to"] - q["from"]).days + 1
        if span < 1:
            errors.append(("to", f"must be on or after from ({q['from'].isoformat()})"))
        elif span > MAX_PERIOD_DAYS:
            errors.append(("to", f"a custom range spans at most {MAX_PERIOD_DAYS} days"))


def parse_query(endpoint: str, query_string: str) -> dict:
    """The typed parameters of `endpoint`, or BadRequest naming every bad one."""
    schema = SCHEMAS[endpoint]
    errors: list[tuple[str, str]] = []
    raw: dict[str, str] = {}
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        if key in raw:
            if not any(p == key for p, _ in errors):
                errors.append((key, "given more than once"))
        else:
            raw[key] = value
    q: dict = {}
    for key, value in raw.items():
        if key not in schema:
            errors.append((key, "unknown parameter"))
            continue
        try:
            q[key] = schema[key](value)
        except ValueError as e:
            if not any(p == key for p, _ in errors):
                errors.append((key, str(e)))
    for key in REQUIRED.get(endpoint, []):
        if key not in raw:
            errors.append((key, "required"))
    if errors:
        raise BadRequest(errors)
    if "range" in schema:
        period_rules(q, errors)
    if endpoint == "aging" and "sort" in q:
        allowed = AGING_SORTS + bucket_ids(q.get("buckets", DEFAULT_BOUNDS))
        if q["sort"] not in allowed:
            errors.append(("sort", f"expected one of {', '.join(allowed)}, got \"{q['sort']}\""))
    if endpoint == "aging" and "bucket" in q:
        ids = bucket_ids(q.get("buckets", DEFAULT_BOUNDS))
        if q["bucket"] not in ids:
            errors.append(("bucket", f"expected one of {', '.join(ids)}, got \"{q['bucket']}\""))
    if errors:
        raise BadRequest(errors)
    return q
