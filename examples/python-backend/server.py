"""A dashkit contract v1 backend in Python's standard library: http.server + sqlite3.

    python3 server.py --port 8000 --timezone Europe/Berlin
    npx dashkit verify http://127.0.0.1:8000

Serves `/v1/meta`, `stats`, `series`, `breakdown`, `segments`, `aging` (and its
drill-down), `low-stock`, `activity`, `status` and `health` for the commerce schema, from a SQLite
file (`--database`) or, by default, a small deterministic demo dataset in
memory. See README.md.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sqlite3
import sys
import time
import traceback
from collections import deque
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from params import RANGES, BadRequest, parse_query
from reports import DIMENSIONS, METRICS, Reports
from seed import seed

PROBLEM_BASE = "https://dashkit.dev/problems/"
MAX_AGE_SECONDS = 60  # the demo data does not change; a minute keeps dashboards fresh enough for real data too
ENTITY_TAG = re.compile(r'(?:W/)?"[^"]*"|\*')


class HttpProblem(Exception):
    def __init__(self, status: int, title: str, detail: str, errors: list[tuple[str, str]] | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors

    def body(self, instance: str) -> dict:
        slug = self.title.lower().replace(" ", "-")
        body = {"type": PROBLEM_BASE + slug, "title": self.title, "status": self.status, "detail": self.detail,
                "instance": instance}
        if self.errors:
            body["errors"] = [{"param": p, "message": m} for p, m in self.errors]
        return body


class Dashboard:
    """Routes a path and query to a report and keeps the request counts `v1/health` shows."""

    def __init__(self, reports: Reports, timezone_name: str, currency: str, locale: str):
        self.reports, self.timezone, self.currency, self.locale = reports, timezone_name, currency, locale
        self.started = time.monotonic()
        self.timings: dict[str, deque] = {}
        self.errors: dict[str, int] = {}
        self.requests: dict[str, int] = {}

    def route(self, path: str) -> tuple[str, str | None]:
        """(endpoint name, customer id) for a path, or a 404 problem."""
        simple = {"/v1/meta": "meta", "/v1/stats": "stats", "/v1/series": "series", "/v1/breakdown": "breakdown",
                  "/v1/segments": "segments", "/v1/aging": "aging", "/v1/low-stock": "lowStock",
                  "/v1/activity": "activity", "/v1/status": "status", "/v1/health": "health"}
        if path in simple:
            return simple[path], None
        m = re.fullmatch(r"/v1/aging/customers/([^/]+)/invoices", path)
        if m:
            return "agingInvoices", unquote(m.group(1))
        raise HttpProblem(404, "Not Found", f"no endpoint at {path}")

    def answer(self, endpoint: str, customer: str | None, query: str) -> dict:
        try:
            q = parse_query(endpoint, query)
            if endpoint == "meta":
                return self.meta()
            if endpoint == "health":
                return self.health()
            if endpoint == "status":
                # No live stream and no pipelines here: a page polls, and nothing reports runs.
                return {"live": False, "lastChange": None, "pipelines": []}
            if endpoint == "agingInvoices":
                body = self.reports.aging_invoices(customer or "", q)
                if body is None:
                    raise HttpProblem(404, "Not Found", f"customer {json.dumps(customer)} not found")
                return body
            method = {"stats": self.reports.stats, "series": self.reports.series, "breakdown": self.reports.breakdown,
                      "segments": self.reports.segments, "aging": self.reports.aging,
                      "lowStock": self.reports.low_stock, "activity": self.reports.activity}[endpoint]
            return method(q)
        except BadRequest as e:
            raise HttpProblem(400, "Bad Request", str(e), e.errors) from e

    def meta(self) -> dict:
        return {"version": "1", "timezone": self.timezone, "currency": self.currency, "locale": self.locale,
                "metrics": METRICS, "dimensions": DIMENSIONS,
                "breakdowns": [{"id": "customer", "label": "Customer", "dimension": "customer"}],
                "reports": ["aging", "low-stock", "activity"], "live": False, "ranges": RANGES, "defaultRange": "30d"}

    def record(self, endpoint: str, ms: float, failed: bool) -> None:
        self.requests[endpoint] = self.requests.get(endpoint, 0) + 1
        self.errors[endpoint] = self.errors.get(endpoint, 0) + int(failed)
        self.timings.setdefault(endpoint, deque(maxlen=500)).append(ms)

    def health(self) -> dict:
        started = time.perf_counter()
        try:
            self.reports.rows("SELECT 1")
            source = {"kind": "sqlite", "status": "ok", "latencyMs": round((time.perf_counter() - started) * 1000, 2)}
        except sqlite3.Error as e:
            source = {"kind": "sqlite", "status": "down", "latencyMs": None, "error": str(e)[:200]}

        def pct(values: list[float], p: float) -> float | None:
            return round(sorted(values)[min(len(values) - 1, int(p * len(values)))], 2) if values else None

        endpoints = [{"endpoint": e, "requests": n, "errors": self.errors.get(e, 0),
                      "p50Ms": pct(list(self.timings[e]), 0.5), "p95Ms": pct(list(self.timings[e]), 0.95)}
                     for e, n in sorted(self.requests.items())]
        return {"status": "ok" if source["status"] == "ok" else "down",
                "uptimeSeconds": round(time.monotonic() - self.started, 1), "source": source,
                "cache": {"hit": False, "ageSeconds": 0, "stale": False, "driver": "none", "status": "ok",
                          "hitRatio": None, "hits": 0, "misses": 0},
                "endpoints": endpoints}


def etag_matches(header: str | None, etag: str) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match on GET: lists, `*` and `W/` tags count."""
    if not header:
        return False
    return any(tag == "*" or tag.removeprefix("W/") == etag for tag in ENTITY_TAG.findall(header))


def make_handler(dashboard: Dashboard, cors_origins: set[str], verbose: bool):
    class Handler(BaseHTTPRequestHandler):
        server_version = "dashkit-python-example/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # noqa: N802 (http.server's name)
            if verbose:
                super().log_message(fmt, *args)

        def cors_headers(self) -> None:
            origin = self.headers.get("Origin")
            if origin and origin in cors_origins:
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Access-Control-Allow-Credentials", "true")
                self.send_header("Access-Control-Expose-Headers", "ETag")
                self.send_header("Vary", "Origin")

        def send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.cors_headers()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_OPTIONS(self):  # noqa: N802
            self.send(204, b"", {"Access-Control-Allow-Methods": "GET, HEAD",
                                 "Access-Control-Allow-Headers": "Authorization, If-None-Match, Content-Type",
                                 "Access-Control-Max-Age": "600"})

        def do_GET(self):  # noqa: N802
            started = time.perf_counter()
            url = urlsplit(self.path)
            endpoint, status = None, 500
            try:
                endpoint, customer = dashboard.route(url.path)
                body = dashboard.answer(endpoint, customer, url.query)
                status = self.send_json(endpoint, body)
            except HttpProblem as e:
                status = e.status
                self.send_problem(e, url.path)
            except Exception:  # a bug: log it, reveal nothing
                traceback.print_exc()
                self.send_problem(HttpProblem(500, "Internal Server Error", "the server failed; see its log"), url.path)
            if endpoint:
                dashboard.record(endpoint, (time.perf_counter() - started) * 1000, status >= 500)

        do_HEAD = do_GET  # noqa: N815

        def do_POST(self):  # noqa: N802
            self.send_problem(HttpProblem(405, "Method Not Allowed", "only GET and HEAD are served"),
                              urlsplit(self.path).path, {"Allow": "GET, HEAD"})

        def send_json(self, endpoint: str, body: dict) -> int:
            generated = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            if endpoint == "health":
                payload = {**body, "generatedAt": generated}
                self.send(200, json.dumps(payload).encode(), {"Content-Type": "application/json; charset=utf-8",
                                                              "Cache-Control": "no-store"})
                return 200
            # The tag covers the data, not generatedAt: an unchanged report keeps its tag and earns a 304.
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
            etag = '"' + hashlib.sha256(data.encode()).hexdigest()[:27] + '"'
            headers = {"ETag": etag, "Cache-Control": f"private, max-age={MAX_AGE_SECONDS}"}
            if etag_matches(self.headers.get("If-None-Match"), etag):
                self.send(304, b"", headers)
                return 304
            payload = {**body, "generatedAt": generated, "cache": {"hit": False, "ageSeconds": 0, "stale": False}}
            self.send(200, json.dumps(payload, ensure_ascii=False).encode(),
                      {**headers, "Content-Type": "application/json; charset=utf-8"})
            return 200

        def send_problem(self, problem: HttpProblem, path: str, extra: dict | None = None) -> None:
            body = json.dumps(problem.body(path), ensure_ascii=False).encode()
            self.send(problem.status, body, {"Content-Type": "application/problem+json; charset=utf-8",
                                             "Cache-Control": "no-store", **(extra or {})})

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="dashkit contract v1 over SQLite, standard library only")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port (default 8000)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--timezone", default="UTC", help="IANA zone periods and buckets are resolved in")
    parser.add_argument("--currency", default="USD")
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--database", help="SQLite file with the commerce schema (default: demo data in memory)")
    parser.add_argument("--cors-origin", action="append", default=[], help="origin allowed to call (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        tz = ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        parser.error(f"--timezone: unknown IANA time zone {args.timezone!r}")

    conn = sqlite3.connect(args.database or ":memory:", check_same_thread=False)
    if not args.database:
        seed(conn, tz, datetime.now(tz))
    dashboard = Dashboard(Reports(conn, tz), args.timezone, args.currency, args.locale)
    httpd = ThreadingHTTPServer((args.host, args.port), make_handler(dashboard, set(args.cors_origin), args.verbose))
    host, port = httpd.server_address[:2]
    print(f"http://{host}:{port}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
