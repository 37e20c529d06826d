"""The contract's reports over the commerce schema in SQLite.

Sums and counts happen in SQL over integer cents, per bucket of the period
(bounds computed in `periods.py` for the dashboard time zone); Python only
combines those partials with `decimal.Decimal`, so money is never a float.
"""
from __future__ import annotations

import json
import re
import sqlite3
import threading
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from params import DEFAULT_BOUNDS, BadRequest, bucket_ids, encode_cursor
from periods import Resolved, Window, auto_granularity, bucket_bounds, day_start, resolve

CONFIRMED = "state IN ('sale', 'done')"


def metric(id_, label, fmt, direction, description, time_series, topics):
    # Orders, customers and invoices belong to a customer: those metrics narrow by `filter=customer:<id>`.
    dimensions = [] if topics == ["products"] else ["customer"]
    return {"id": id_, "label": label, "format": fmt, "goodDirection": direction, "description": description,
            "timeSeries": time_series, "topics": topics, "dimensions": dimensions}


METRICS = [
    metric("revenue", "Revenue", "currency", "up", "Sum of confirmed (sale or done) order amounts.", True, ["orders"]),
    metric("orders", "Orders", "number", "up", "Number of confirmed (sale or done) orders.", True, ["orders"]),
    metric("average_order_value", "Average order value", "currency", "up", "Revenue divided by orders.", True,
           ["orders"]),
    metric("new_customers", "New customers", "number", "up", "Customers created in the period.", True,
           ["customers"]),
    metric("conversion_rate", "Conversion rate", "percent", "up",
           "Confirmed orders as a share of all orders that left draft.", True, ["orders"]),
    metric("receivables", "Receivables", "currency", "down", "Amount due on open invoices, now.", False,
           ["invoices"]),
    metric("overdue", "Overdue", "currency", "down", "Amount due on open invoices past their due date, now.", False,
           ["invoices"]),
    metric("low_stock_items", "Low-stock items", "number", "down", "Products at or below their reorder level.",
           False, ["products"]),
    metric("out_of_stock_items", "Out-of-stock items", "number", "down", "Products with no stock left.", False,
           ["products"]),
]
BY_ID = {m["id"]: m for m in METRICS}
# Metrics whose value over a period is the sum of its parts: only these can be broken down by customer.
ADDITIVE = {"revenue": "amount_cents", "orders": None, "new_customers": None}
# The one dimension: customers, by id. Low stock reads no customer data, so it takes no filter.
DIMENSIONS = [{"id": "customer", "label": "Customer",
               "reports": ["stats", "series", "breakdown", "segments", "aging", "activity"]}]
TOP_CUSTOMERS = 5
AT_RISK_DAYS = 90
DEMAND_DAYS = 30
CENT = Decimal("0.01")


def money(cents) -> str:
    return str((Decimal(cents) / 100).quantize(CENT))


def rounded(value: Decimal, places: int) -> float:
    """Half away from zero, as PostgreSQL's round() does (Python's round() rounds half to even)."""
    return float(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def ratio(numerator, denominator) -> float | None:
    return None if not denominator else float(Decimal(numerator) / Decimal(denominator))


class Reports:
    def __init__(self, conn: sqlite3.Connection, tz: ZoneInfo):
        self.conn, self.tz, self.lock = conn, tz, threading.Lock()

    def rows(self, sql: str, params=()) -> list[tuple]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def today(self) -> date:
        return datetime.now(self.tz).date()

    # --- time metrics: partial sums per bucket, in SQL ---------------------------------------------------

    def partials(self, bounds: list[tuple[str, int, int]], customer: int | None = None) -> list[dict]:
        """Per bucket: confirmed revenue (cents) and count, non-draft orders, new customers (of one customer)."""
        buckets = ("SELECT json_extract(value, '$[0]') AS t, json_extract(value, '$[1]') AS lo, "
                   "json_extract(value, '$[2]') AS hi FROM json_each(:b)")
        args = {"b": json.dumps(bounds), "c": customer}
        orders = self.rows(f"""
            WITH b AS ({buckets})
            SELECT b.t, coalesce(sum(o.amount_cents) FILTER (WHERE o.{CONFIRMED}), 0),
                   count(o.id) FILTER (WHERE o.{CONFIRMED}), count(o.id) FILTER (WHERE o.state <> 'draft')
            FROM b LEFT JOIN orders o ON o.ordered_at >= b.lo AND o.ordered_at < b.hi
              AND (:c IS NULL OR o.customer_id = :c)
            GROUP BY b.t ORDER BY b.t""", args)
        customers = dict(self.rows(f"""
            WITH b AS ({buckets})
            SELECT b.t, count(c.id) FROM b LEFT JOIN customers c ON c.created_at >= b.lo AND c.created_at < b.hi
              AND (:c IS NULL OR c.id = :c)
            GROUP BY b.t""", args))
        return [{"t": t, "revenue": rev, "orders": n, "nondraft": nd, "new_customers": customers[t]}
                for t, rev, n, nd in orders]

    def totals(self, window: Window, customer: int | None) -> dict:
        bound = (window.start.isoformat(), day_start(window.start, self.tz),
                 day_start(window.end + timedelta(days=1), self.tz))
        return self.partials([bound], customer)[0]

    @staticmethod
    def value(metric_id: str, p: dict):
        if metric_id == "revenue":
            return money(p["revenue"])
        if metric_id == "average_order_value":
            if not p["orders"]:
                return None
            return str((Decimal(p["revenue"]) / Decimal(p["orders"] * 100)).quantize(CENT, ROUND_HALF_UP))
        if metric_id == "conversion_rate":
            return ratio(p["orders"], p["nondraft"])
        return p[metric_id]  # orders, new_customers

    def snapshot(self, metric_id: str, customer: int | None):
        today = self.today().isoformat()
        due = "amount_cents - paid_cents"
        mine = "(:c IS NULL OR customer_id = :c)"
        sql = {
            "receivables": f"SELECT coalesce(sum({due}), 0) FROM invoices WHERE {due} > 0 AND {mine}",
            "overdue": f"SELECT coalesce(sum({due}), 0) FROM invoices WHERE {due} > 0 AND due_on < :today AND {mine}",
            "low_stock_items": "SELECT count(*) FROM products WHERE quantity <= reorder_level",
            "out_of_stock_items": "SELECT count(*) FROM products WHERE quantity <= 0",
        }[metric_id]
        (v,) = self.rows(sql, {"today": today, "c": customer})[0]
        return money(v) if BY_ID[metric_id]["format"] == "currency" else v

    def points(self, metrics: list[str], window: Window, granularity: str, customer: int | None) -> dict[str, list]:
        parts = self.partials(bucket_bounds(window, granularity, self.tz), customer)
        return {m: [{"t": p["t"], "v": self.value(m, p)} for p in parts] for m in metrics}

    # --- endpoints -----------------------------------------------------------------------------------------

    def known(self, ids: list[str], param: str) -> None:
        for i in ids:
            if i not in BY_ID:
                raise BadRequest([(param, f"unknown metric \"{i}\"; known: {', '.join(BY_ID)}")])

    def customer(self, q: dict, report: str, metrics: list[str] = ()) -> int | None:
        """The customer id of `filter=customer:<id>`, or None; a 400 naming filter for anything else."""
        found = None
        for dimension, value in q.get("filter", []):
            if dimension != "customer":
                raise BadRequest([("filter", f"unknown dimension \"{dimension}\"; known: customer")])
            if report not in DIMENSIONS[0]["reports"]:
                raise BadRequest([("filter", f"{report} cannot be filtered by customer: it reads no customer data")])
            flat = [m for m in metrics if "customer" not in BY_ID[m]["dimensions"]]
            if flat:
                raise BadRequest([("filter", f"{report} cannot be filtered by customer: {', '.join(flat)} "
                                             "has no customer column")])
            if not re.fullmatch(r"[-+]?\d{1,18}", value):
                raise BadRequest([("filter", f"customer: expected a whole number, got \"{value}\"")])
            found = int(value)
        return found

    def echo(self, customer: int | None) -> dict:
        """`filters` of the response, with the customer's name as label (the id when there is no such customer)."""
        if customer is None:
            return {}
        found = self.rows("SELECT name FROM customers WHERE id = ?", (customer,))
        label = found[0][0] if found else str(customer)
        return {"filters": [{"dimension": "customer", "value": str(customer), "label": label}]}

    def stats(self, q: dict) -> dict:
        self.known(q["metrics"], "metrics")
        c = self.customer(q, "stats", q["metrics"])
        r = resolve(q, self.today())
        g = auto_granularity(r.period)
        timed = [m for m in q["metrics"] if BY_ID[m]["timeSeries"]]
        trend = self.points(timed, r.period, g, c) if timed else {}
        now, before = self.totals(r.period, c), self.totals(r.comparison, c) if r.comparison else None
        stats = []
        for m in q["metrics"]:
            if not BY_ID[m]["timeSeries"]:
                stats.append({"metric": m, "value": self.snapshot(m, c), "previous": None, "change": None,
                              "trend": []})
                continue
            value, previous = self.value(m, now), self.value(m, before) if before else None
            change = None
            if value is not None and previous is not None and Decimal(str(previous)) != 0:
                change = float((Decimal(str(value)) - Decimal(str(previous))) / Decimal(str(previous)))
            stats.append({"metric": m, "value": value, "previous": previous, "change": change, "trend": trend[m]})
        return {"period": r.period_json(), "comparison": r.comparison_json(), "granularity": g, "stats": stats,
                **self.echo(c)}

    def series(self, q: dict) -> dict:
        self.known(q["metrics"], "metrics")
        flat = [m for m in q["metrics"] if not BY_ID[m]["timeSeries"]]
        if flat:
            raise BadRequest([("metrics", f"{', '.join(flat)}: point-in-time metrics have no series; use stats")])
        c = self.customer(q, "series", q["metrics"])
        r = resolve(q, self.today())
        g = q.get("granularity") or auto_granularity(r.period)
        points = self.points(q["metrics"], r.period, g, c)
        previous = self.points(q["metrics"], r.comparison, g, c) if r.comparison else None
        series = [{"metric": m, "points": points[m], **({"previous": previous[m]} if previous else {})}
                  for m in q["metrics"]]
        return {"period": r.period_json(), "comparison": r.comparison_json(), "granularity": g, "series": series,
                **self.echo(c)}

    def per_customer(self, metric_id: str, r: Resolved, customer: int | None) -> list[tuple[int, str, int]]:
        """(customer id, name, value) of an additive metric over the period, largest first."""
        lo = day_start(r.period.start, self.tz)
        hi = day_start(r.period.end + timedelta(days=1), self.tz)
        mine = "(:c IS NULL OR c.id = :c)"
        if metric_id == "new_customers":
            sql = f"""SELECT id, name, 1 FROM customers c
                      WHERE created_at >= :lo AND created_at < :hi AND {mine} ORDER BY id"""
        else:
            agg = "sum(o.amount_cents)" if metric_id == "revenue" else "count(*)"
            sql = f"""SELECT c.id, c.name, {agg} AS v FROM orders o JOIN customers c ON c.id = o.customer_id
                      WHERE o.ordered_at >= :lo AND o.ordered_at < :hi AND o.{CONFIRMED} AND {mine}
                      GROUP BY c.id, c.name ORDER BY v DESC, c.id"""
        return self.rows(sql, {"lo": lo, "hi": hi, "c": customer})

    def breakdown(self, q: dict) -> dict:
        self.known([q["metric"]], "metric")
        if q["by"] != "customer":
            raise BadRequest([("by", f"unknown breakdown \"{q['by']}\"; known: customer")])
        if q["metric"] not in ADDITIVE:
            message = f"metric \"{q['metric']}\" cannot be broken down: only sums and counts add up"
            raise BadRequest([("metric", message)])
        c = self.customer(q, "breakdown", [q["metric"]])
        r = resolve({**q, "compare": "none"}, self.today())
        rows = self.per_customer(q["metric"], r, c)
        limit = q.get("limit", 10)
        total = sum(v for _, _, v in rows)
        fmt = money if q["metric"] == "revenue" else int
        share = lambda v: 0.0 if total == 0 else float(Decimal(v) / Decimal(total))  # noqa: E731
        out = [{"key": str(i), "label": name, "value": fmt(v), "share": share(v)} for i, name, v in rows[:limit]]
        if len(rows) > limit:
            rest = sum(v for _, _, v in rows[limit:])
            out.append({"key": "other", "label": "Other", "value": fmt(rest), "share": share(rest)})
        return {"period": r.period_json(), "metric": q["metric"], "by": "customer", "total": fmt(total), "rows": out,
                **self.echo(c)}

    def segments(self, q: dict) -> dict:
        """Buying customers by percent rank of revenue: high the top 20 %, medium the next 30 %, low the rest."""
        c = self.customer(q, "segments", ["revenue"])
        r = resolve({**q, "compare": "none"}, self.today())
        buyers = [row for row in self.per_customer("revenue", r, c) if row[2] > 0]
        n = len(buyers)
        groups: dict[str, list] = {"high": [], "medium": [], "low": []}
        for pos, (cid, name, cents) in enumerate(buyers):
            rank = 1 + sum(1 for other in buyers[:pos] if other[2] > cents)  # ties share the better rank
            seg = "high" if n == 1 or 5 * (rank - 1) < n - 1 else "medium" if 2 * (rank - 1) < n - 1 else "low"
            groups[seg].append((cid, name, cents))
        segments = []
        for seg, members in groups.items():
            cents = sum(c for _, _, c in members)
            average = str((Decimal(cents) / 100 / len(members)).quantize(CENT, ROUND_HALF_UP)) if members else None
            top = [{"id": i, "name": name, "revenue": money(c)} for i, name, c in members[:TOP_CUSTOMERS]]
            segments.append({"segment": seg, "customers": len(members), "revenue": money(cents),
                             "averageRevenue": average, "topCustomers": top})
        return {"period": r.period_json(), "segments": segments, **self.echo(c)}

    # --- aging ---------------------------------------------------------------------------------------------

    @staticmethod
    def buckets(bounds: list[int]) -> list[dict]:
        ids = bucket_ids(bounds)
        out, low = [{"id": "current", "label": "Current", "fromDays": None, "toDays": 0}], 1
        for i, b in enumerate(bounds):
            out.append({"id": ids[i + 1], "label": f"{low}–{b}", "fromDays": low, "toDays": b})
            low = b + 1
        return out + [{"id": ids[-1], "label": f"{low}+", "fromDays": low, "toDays": None}]

    @staticmethod
    def open_invoices_sql(basis: str, bounds: list[int]) -> tuple[str, dict]:
        """Open invoices as of :as_of with amount due, days overdue and bucket index (0 = current)."""
        age_column = "due_on" if basis == "due" else "issued_on"
        cases = " ".join(f"WHEN age <= :b{k} THEN {k + 1}" for k in range(len(bounds)))
        sql = f"""
            SELECT *, CASE WHEN age <= 0 THEN 0 {cases} ELSE {len(bounds) + 1} END AS bucket FROM (
              SELECT i.*, amount_cents - paid_cents AS due,
                CAST(julianday(:as_of) - julianday(due_on) AS INTEGER) AS days_overdue,
                CAST(julianday(:as_of) - julianday({age_column}) AS INTEGER) AS age
              FROM invoices i WHERE issued_on <= :as_of AND amount_cents - paid_cents > 0)"""
        return sql, {f"b{k}": b for k, b in enumerate(bounds)}

    def aging(self, q: dict) -> dict:
        c = self.customer(q, "aging")
        as_of = q.get("asOf", self.today()).isoformat()
        basis, bounds = q.get("basis", "due"), q.get("buckets", DEFAULT_BOUNDS)
        buckets = self.buckets(bounds)
        open_sql, params = self.open_invoices_sql(basis, bounds)
        search = q.get("search", "").strip()
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        min_cents = None
        if "minAmount" in q:
            min_cents = int((Decimal(q["minAmount"]) * 100).to_integral_value(ROUND_CEILING))
        sums = ", ".join(f"sum(CASE WHEN o.bucket = {k} THEN o.due ELSE 0 END)" for k in range(len(buckets)))
        # `bucket`: only customers with an amount due in it (the index comes from the bucket list).
        ids = [b["id"] for b in buckets]
        in_bucket = (f" AND sum(CASE WHEN o.bucket = {ids.index(q['bucket'])} THEN o.due ELSE 0 END) > 0"
                     if "bucket" in q else "")
        rows = self.rows(f"""
            SELECT c.id, c.name, sum(o.due), sum(CASE WHEN o.days_overdue > 0 THEN o.due ELSE 0 END), count(*),
              max(o.days_overdue), count(*) FILTER (WHERE o.days_overdue > 0),
              coalesce(sum(o.days_overdue) FILTER (WHERE o.days_overdue > 0), 0),
              max(o.days_overdue > {AT_RISK_DAYS}), {sums}
            FROM ({open_sql}) o JOIN customers c ON c.id = o.customer_id
            WHERE (:search = '' OR c.name LIKE :pattern ESCAPE '\\' OR CAST(c.id AS TEXT) = :search)
              AND (:c IS NULL OR c.id = :c)
            GROUP BY c.id, c.name
            HAVING (:min IS NULL OR sum(o.due) >= :min){in_bucket}""",
            {**params, "as_of": as_of, "search": search, "pattern": f"%{escaped}%", "min": min_cents, "c": c})
        customers = [{"id": r[0], "name": r[1], "total": r[2], "overdue": r[3], "invoices": r[4], "oldest": r[5],
                      "late": r[6], "late_days": r[7], "at_risk": r[8], "buckets": dict(zip(ids, r[9:]))}
                     for r in rows]
        sort = q.get("sort", "overdue")
        order = q.get("order", "asc" if sort == "name" else "desc")
        key = {"name": lambda c: c["name"], "total": lambda c: c["total"], "overdue": lambda c: c["overdue"],
               "invoices": lambda c: c["invoices"], "oldest": lambda c: c["oldest"]}.get(sort)
        customers.sort(key=lambda c: (c["name"], c["id"]))  # ties: by name, then id (the sort below is stable)
        customers.sort(key=key or (lambda c: c["buckets"][sort]), reverse=order == "desc")
        limit, offset = q.get("limit", 50), q.get("offset", 0)
        receivable, overdue = sum(c["total"] for c in customers), sum(c["overdue"] for c in customers)
        late = sum(c["late"] for c in customers)
        summary = {
            "customers": len(customers), "receivable": money(receivable), "overdue": money(overdue),
            "overdueRatio": ratio(overdue, receivable) or 0.0, "invoices": sum(c["invoices"] for c in customers),
            "averageDaysOverdue": rounded(Decimal(sum(c["late_days"] for c in customers)) / late, 1) if late else None,
            "atRiskCustomers": sum(1 for c in customers if c["at_risk"]),
        }
        page = [{"id": c["id"], "name": c["name"], "total": money(c["total"]), "overdue": money(c["overdue"]),
                 "buckets": {b: money(v) for b, v in c["buckets"].items()}, "invoices": c["invoices"],
                 "oldestDaysOverdue": c["oldest"]} for c in customers[offset:offset + limit]]
        totals = {b: money(sum(c["buckets"][b] for c in customers)) for b in ids}
        return {"asOf": as_of, "basis": basis, "buckets": buckets, "totals": totals, "summary": summary,
                "customers": page, "total": len(customers), "limit": limit, "offset": offset,
                **({"bucket": q["bucket"]} if "bucket" in q else {}), **self.echo(c)}

    def aging_invoices(self, customer_id: str, q: dict) -> dict | None:
        """One customer's open invoices by due date; None for an unknown customer."""
        found = self.rows("SELECT id, name FROM customers WHERE CAST(id AS TEXT) = ?", (customer_id,))
        if not found:
            return None
        as_of = q.get("asOf", self.today()).isoformat()
        basis, bounds = q.get("basis", "due"), q.get("buckets", DEFAULT_BOUNDS)
        ids = bucket_ids(bounds)
        open_sql, params = self.open_invoices_sql(basis, bounds)
        rows = self.rows(f"""SELECT number, issued_on, due_on, due, days_overdue, bucket FROM ({open_sql})
                             WHERE customer_id = :customer ORDER BY due_on, number, id""",
                         {**params, "as_of": as_of, "customer": found[0][0]})
        invoices = [{"number": n, "issuedOn": i, "dueOn": d, "amountDue": money(due), "daysOverdue": days,
                     "status": "overdue" if days > 0 else "current", "bucket": ids[b]}
                    for n, i, d, due, days, b in rows]
        return {"customer": {"id": found[0][0], "name": found[0][1]}, "asOf": as_of, "basis": basis,
                "invoices": invoices}

    # --- low stock -----------------------------------------------------------------------------------------

    def low_stock(self, q: dict) -> dict:
        """Out of stock first, then fewest days of cover, then lowest quantity / reorder level."""
        self.customer(q, "low-stock")
        today = self.today()
        lo = day_start(today - timedelta(days=DEMAND_DAYS - 1), self.tz)
        hi = day_start(today + timedelta(days=1), self.tz)
        rows = self.rows(f"""
            WITH demand AS (
              SELECT l.product_id, sum(l.quantity) AS units FROM order_lines l JOIN orders o ON o.id = l.order_id
              WHERE o.ordered_at >= ? AND o.ordered_at < ? AND o.{CONFIRMED} GROUP BY l.product_id)
            SELECT p.id, p.sku, p.name, p.quantity, p.reorder_level, coalesce(d.units, 0)
            FROM products p LEFT JOIN demand d ON d.product_id = p.id
            WHERE p.quantity <= p.reorder_level""", (lo, hi))
        items = []
        for pid, sku, name, quantity, reorder, units in rows:
            cover = None if units <= 0 else rounded(Decimal(quantity * DEMAND_DAYS) / units, 1)
            if quantity <= 0:
                cover = 0.0
            items.append({"id": pid, "sku": sku, "name": name, "quantity": quantity, "reorderLevel": reorder,
                          "status": "out" if quantity <= 0 else "low",
                          "dailyDemand": rounded(Decimal(max(units, 0)) / DEMAND_DAYS, 2), "daysOfCover": cover})
        items.sort(key=lambda i: (i["quantity"] > 0, i["daysOfCover"] is None, i["daysOfCover"] or 0,
                                  i["reorderLevel"] == 0, i["quantity"] / (i["reorderLevel"] or 1), i["id"]))
        limit, offset = q.get("limit", 50), q.get("offset", 0)
        return {"items": items[offset:offset + limit], "total": len(items),
                "outOfStock": sum(1 for i in items if i["status"] == "out"), "limit": limit, "offset": offset}

    def activity(self, q: dict) -> dict:
        """Orders (not drafts) newest first, by time, kind and id as text, all descending; a keyset cursor."""
        limit = q.get("limit", 50)
        conds, args = ["o.state <> 'draft'"], []
        chosen = self.customer(q, "activity")
        customer = None if chosen is None else str(chosen)
        if customer is not None:
            conds.append("CAST(o.customer_id AS TEXT) = ?")
            args.append(customer)
        if "before" in q:
            at, kind, id_key = q["before"]
            seconds = at.timestamp()
            # (time, kind, id) < the cursor's, with this table's one kind ("order") worked out here.
            tie = "1" if "order" < kind else "0" if "order" > kind else "CAST(o.id AS TEXT) < ?"
            conds.append(f"(o.ordered_at < ? OR (o.ordered_at = ? AND {tie}))")
            args += [seconds, seconds] + ([id_key] if "order" == kind else [])
        rows = self.rows(f"""
            SELECT o.id, o.ordered_at, o.state, o.amount_cents, c.id, c.name
            FROM orders o JOIN customers c ON c.id = o.customer_id
            WHERE {" AND ".join(conds)}
            ORDER BY o.ordered_at DESC, CAST(o.id AS TEXT) DESC LIMIT ?""", (*args, limit + 1))
        items = []
        for oid, at, state, cents, cid, name in rows[:limit]:
            stamp = datetime.fromtimestamp(at, ZoneInfo("UTC"))
            items.append({"id": oid, "kind": "order",
                          "at": stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                          "title": f"Order #{oid}", "amount": money(cents), "status": state,
                          "customer": {"id": cid, "name": name}})
        body: dict = {"items": items, "limit": limit}
        if len(rows) > limit:
            last_id, last_at = rows[limit - 1][0], rows[limit - 1][1]
            at_key = datetime.fromtimestamp(last_at, ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            body["next"] = encode_cursor(at_key, "order", str(last_id))
        if customer is not None:
            found = self.rows("SELECT name FROM customers WHERE CAST(id AS TEXT) = ?", (customer,))
            body["filters"] = [{"dimension": "customer", "value": customer,
                                "label": found[0][0] if found else customer}]
        return body
