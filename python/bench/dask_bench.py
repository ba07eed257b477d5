"""The Dask batch job against the same job in one process (docs/benchmarks.md, "Batch screening
on Dask"). Not a test.

  /usr/bin/python3 python/bench/dask_bench.py --store DIR --customers N [--workers 2] [--work DIR]

Synthesises N customers from real name parts (first, middle and last names of
names/negatives_global.csv combined at random, one in 200 a listed UN name, a date of birth
for half), then runs, in the same run: `tamis.dask_screen --workers 0` (one process, screening
on all cores), `tamis.dask_screen --workers W` (a LocalCluster of W processes x 1 thread) at the
default partition size and at a small one (for the overhead per partition), and `tamis screen`
on the same file when --tamis-bin is given. Prints one JSON line per run and a summary.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
import xml.etree.ElementTree as ET


def synthesise(shared, path, n, seed=7):
    rnd = random.Random(seed)
    firsts, middles, lasts = [], [], []
    with open(os.path.join(shared, "names/negatives_global.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["first_name"]:
                firsts.append(r["first_name"])
            if r["middle_name"]:
                middles.append(r["middle_name"])
            if r["last_name"]:
                lasts.append(r["last_name"])
    root = ET.parse(os.path.join(shared, "lists/un/UN_consolidated.xml")).getroot()
    listed = []
    for el in root.iter("INDIVIDUAL"):
        parts = [(el.findtext(t) or "").strip() for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
        if parts[0]:
            listed.append(" ".join(p for p in parts if p))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "dob"])
        for i in range(n):
            if i % 200 == 0:
                name = rnd.choice(listed)
            elif rnd.random() < 0.3:
                name = "%s %s %s" % (rnd.choice(firsts), rnd.choice(middles), rnd.choice(lasts))
            else:
                name = "%s %s" % (rnd.choice(firsts), rnd.choice(lasts))
            dob = str(rnd.randint(1940, 2005)) if rnd.random() < 0.5 else ""
            w.writerow(["c%08d" % i, name, dob])
    return os.path.getsize(path)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run_job(label, args, env):
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "tamis.dask_screen", *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit("%s failed (%d): %s" % (label, p.returncode, p.stderr[-2000:]))
    s = json.loads(p.stdout)
    s.update(label=label, process_wall_seconds=round(wall, 2), load_before=None)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition-size", default="64MB")
    ap.add_argument("--small-partition-size", default="1MB", help='"none" skips the small-partition run')
    ap.add_argument("--work", default="/tmp/tamis-dask-bench")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--tamis-bin", default="")
    ap.add_argument("--rounds", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    cust = os.path.join(a.work, "customers-%d.csv" % a.customers)
    if not os.path.exists(cust):
        t0 = time.perf_counter()
        size = synthesise(a.shared, cust, a.customers)
        print("synthesised %d customers (%.1f MB) in %.1f s" % (a.customers, size / 1e6, time.perf_counter() - t0),
              file=sys.stderr)
    env = dict(os.environ)
    runs = []
    for rnd in range(a.rounds):
        plan = [("one-process", ["--workers", "0", "--partition-size", a.partition_size]),
                ("dask-%dw" % a.workers, ["--workers", str(a.workers), "--partition-size", a.partition_size]),
                ("dask-%dw-small" % a.workers, ["--workers", str(a.workers), "--partition-size", a.small_partition_size])]
        if a.small_partition_size == "none":  # large runs: the overhead per partition is measured apart
            plan.pop()
        for label, extra in plan:
            load = loadavg()
            s = run_job(label, [cust, "--store", a.store, "--out", os.path.join(a.work, "out-" + label), "--overwrite",
                                "--no-explain", *extra], env)
            s["load_before"] = load
            s["round"] = rnd + 1
            runs.append(s)
            print(json.dumps({k: v for k, v in s.items() if k not in ("input", "out")}), flush=True)
        if a.tamis_bin:
            load = loadavg()
            t0 = time.perf_counter()
            with open(os.devnull, "w") as devnull:
                subprocess.run([a.tamis_bin, "--data", a.store, "--quiet", "screen", "--no-explain", cust],
                               stdout=devnull, check=True)
            wall = time.perf_counter() - t0
            print(json.dumps({"label": "tamis-screen-cli", "round": rnd + 1, "seconds": round(wall, 2),
                              "records_per_second": round(a.customers / wall, 1), "load_before": load}), flush=True)


if __name__ == "__main__":
    main()
