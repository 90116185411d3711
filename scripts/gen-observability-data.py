#!/usr/bin/env python3
"""Writes the demo book's observability data (fixed seed: the same bytes on every run; no network).

    python3 scripts/gen-observability-data.py     # from any directory

book/src/data/checkout-latency-week.csv
    One week of checkout latency, a sample every 5 s from Monday 2026-11-02T00:00:00Z: 120,960
    rows of `time` (ISO 8601, UTC), `p50` and `p99` (ms, one decimal). Latency follows the daily
    traffic (busiest around 14:00 UTC, quieter at the weekend); on Thursday 2026-11-05 from 14:20 to
    15:05 UTC a slow database failover makes an incident: p99 climbs to about 2 s and p50 to about
    300 ms. The metrics scraper missed a few samples (both cells empty): six during the incident
    and two on Saturday.

book/src/data/traffic-by-region.csv
    The same week by region, a row a minute: 10,080 rows of `time` and requests per second for
    `us-east`, `us-west`, `eu-west` and `ap-south`, each busiest in its own afternoon.

book/src/data/checkout-requests.csv
    100,000 single checkout requests on Thursday 2026-11-05, in time order: `time` (ISO 8601, UTC,
    millisecond), `before` and `after` (ms, one decimal): the same traffic before and after a fix
    to the order-service cache. Before, 3 % of requests miss the cache and wait on the database
    (a slow mode around 400 ms) and the 14:20-15:05 failover slows everything fourfold; after, the
    cache misses are 0.3 % and the failover costs less. Own seed, so the other files do not change.
"""

import datetime
import math
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "book", "src", "data")
START = datetime.datetime(2026, 11, 2, tzinfo=datetime.timezone.utc)  # a Monday
WEEK = 7 * 86400


def iso(seconds):
    return (START + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def daily(seconds, peak_hour):
    """Load between 0 and 1 over a day, highest at `peak_hour` UTC; weekends at 60 %."""
    hour = (seconds % 86400) / 3600
    load = 0.5 + 0.5 * math.cos(2 * math.pi * (hour - peak_hour) / 24)
    weekend = (seconds // 86400) % 7 >= 5
    return load * (0.6 if weekend else 1.0)


def latency(rng):
    incident_start = 3 * 86400 + 14 * 3600 + 20 * 60  # Thursday 14:20
    incident_end = 3 * 86400 + 15 * 3600 + 5 * 60  # Thursday 15:05
    missing = {incident_start + 11 * 60 + 5 * k for k in range(6)}  # 14:31:00 to 14:31:25
    missing |= {5 * 86400 + 9 * 3600 + 17 * 60, 5 * 86400 + 9 * 3600 + 17 * 60 + 5}  # Saturday
    rows = ["time,p50,p99\n"]
    for t in range(0, WEEK, 5):
        if t in missing:
            rows.append(f"{iso(t)},,\n")
            continue
        load = daily(t, 14)
        p50 = 38 + 22 * load + rng.gauss(0, 2.5)
        p99 = 140 + 160 * load * load + abs(rng.gauss(0, 25))
        if rng.random() < 0.002:  # the odd garbage-collection pause
            p99 += rng.uniform(150, 400)
        if incident_start <= t < incident_end:
            # Up over 5 minutes, a plateau, down over the last 10.
            ramp = min(1.0, (t - incident_start) / 300, (incident_end - t) / 600)
            p50 += 260 * ramp + rng.gauss(0, 15) * ramp
            p99 += 1750 * ramp + rng.gauss(0, 120) * ramp
        p50 = max(p50, 5.0)
        p99 = max(p99, p50 * 1.5)
        rows.append(f"{iso(t)},{p50:.1f},{p99:.1f}\n")
    return rows


def traffic(rng):
    regions = [("us-east", 1800, 19), ("us-west", 1100, 22), ("eu-west", 1500, 14), ("ap-south", 900, 8)]
    rows = ["time," + ",".join(name for name, _, _ in regions) + "\n"]
    for t in range(0, WEEK, 60):
        values = []
        for _, peak, hour in regions:
            load = 0.25 + 0.75 * daily(t, hour)
            values.append(str(round(peak * load * (1 + rng.gauss(0, 0.03)))))
        rows.append(f"{iso(t)}," + ",".join(values) + "\n")
    return rows


def requests(rng):
    day = 3 * 86400  # Thursday
    times = sorted(rng.uniform(0, 86400) for _ in range(100_000))
    rows = ["time,before,after\n"]
    for t in times:
        incident = 14 * 3600 + 20 * 60 <= t < 15 * 3600 + 5 * 60
        before = rng.lognormvariate(math.log(42), 0.45)
        if rng.random() < 0.03:
            before = rng.lognormvariate(math.log(400), 0.35)
        after = rng.lognormvariate(math.log(38), 0.38)
        if rng.random() < 0.003:
            after = rng.lognormvariate(math.log(300), 0.3)
        if incident:
            before *= 4
            after *= 1.6
        ms = int((t % 1) * 1000)
        stamp = iso(day + int(t))[:-1] + f".{ms:03d}Z"
        rows.append(f"{stamp},{before:.1f},{after:.1f}\n")
    return rows


def main():
    rng = random.Random(20261102)
    for name, rows in (
        ("checkout-latency-week.csv", latency(rng)),
        ("traffic-by-region.csv", traffic(rng)),
        ("checkout-requests.csv", requests(random.Random(20261105))),
    ):
        path = os.path.join(OUT, name)
        with open(path, "w", newline="") as f:
            f.writelines(rows)
        print(f"{os.path.relpath(path, ROOT)}: {len(rows) - 1} rows, {os.path.getsize(path):,} bytes")


if __name__ == "__main__":
    main()
