"""Batch screening on a Dask cluster: python3 -m tamis.dask_screen CUSTOMERS --store DIR --out DIR.

The input (CSV with a header row, JSON Lines, or Parquet when a Parquet engine is importable) is
read as a Dask DataFrame in partitions of --partition-size bytes. Each partition is one task: the
worker screens it against the name index and writes its results to OUT/part-NNNNN.jsonl (one line
per record, as `tamis screen` writes them) through a temporary file and an atomic rename, so a
partition's file is whole or absent. Every worker loads the index once: a worker plugin starts the
load when the worker joins (a restarted worker loads it again) and the tasks wait for it.

A worker killed during a job: Dask reschedules the tasks it held (up to
distributed.scheduler.allowed-failures times), and the rename makes a re-run partition replace
nothing but its own absent file; the driver then removes the killed attempts' temporary files and
checks that each partition file holds the partition's record count. So the output has each input
record exactly once.

--workers 0 runs the same partitions one after another in this process (no cluster), with the
screening on all cores: the baseline of docs/benchmarks.md.

Output: OUT/part-NNNNN.jsonl (partition N), OUT/_summary.json and the same summary on stdout:
{"records", "with_hits", "hits", "errors", "partitions", "seconds", "workers", "index_loads", ...}.
Progress on stderr (Dask's progress bar on a terminal, else a line per finished partition).
Exit codes: 0 done (bad records are error lines), 2 bad arguments or input, 4 store or list not
found, 1 a partition failed (its message on stderr).
"""

import argparse
import contextlib
import glob
import json
import os
import signal
import sys
import threading
import time
import uuid

from . import InvalidInputError, NotFoundError, Store, _tamis

# --- the per-process index cache (one index per process: each Dask worker, or the driver) ---------

_cache_lock = threading.Lock()
_cache = {}  # (store, lists) -> {"event", "index", "error", "seconds", "pid"}


def _cache_entry(store, lists):
    key = (store if "://" in store else os.path.abspath(store), tuple(lists))
    with _cache_lock:
        entry = _cache.get(key)
        if entry is None:
            entry = {"event": threading.Event(), "index": None, "error": None, "seconds": None}
            _cache[key] = entry
            threading.Thread(target=_load, args=(key, entry), daemon=True, name="tamis-index-load").start()
    return entry


def _load(key, entry):
    t0 = time.perf_counter()
    try:
        entry["index"] = Store(key[0]).build_index(list(key[1]))
    except BaseException as e:  # handed to every task that waits for this index
        entry["error"] = e
    entry["seconds"] = time.perf_counter() - t0
    entry["event"].set()


def cached_index(store, lists=()):
    """The index of `store` for `lists`, built once per process (concurrent callers wait for the
    one build). Raises what the build raised (NotFoundError, ...)."""
    entry = _cache_entry(store, lists)
    entry["event"].wait()
    if entry["error"] is not None:
        raise entry["error"]
    return entry["index"]


def index_loads():
    """This process's index builds: [{"pid", "store", "lists", "seconds", "entities"}]."""
    out = []
    with _cache_lock:
        items = list(_cache.items())
    for (store, lists), e in items:
        if e["event"].is_set():
            out.append({"pid": os.getpid(), "store": store, "lists": list(lists), "seconds": e["seconds"],
                        "entities": e["index"].entity_count if e["index"] is not None else None})
    return out


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # distributed absent: only --workers 0 works
    _WorkerPlugin = object


class IndexPlugin(_WorkerPlugin):
    """Starts the index build on every worker when it joins (in a thread: the worker's event loop
    keeps answering heartbeats); the partition tasks wait for it."""

    name = "tamis-index"

    def __init__(self, store, lists):
        self.store = store
        self.lists = tuple(lists)

    def setup(self, worker):
        _cache_entry(self.store, self.lists)


# --- one partition ------------------------------------------------------------------------------

def part_path(out_dir, part):
    return os.path.join(out_dir, "part-%05d.jsonl" % part)


def screen_partition(frame, part, out_dir, store, lists, screen, fault=None):
    """Screens one pandas DataFrame and writes OUT/part-NNNNN.jsonl atomically. Returns the
    partition's counts. `screen`: keyword arguments of Index.screen_jsonl. `fault` (tests only):
    {"kill_partition": N} kills this process (SIGKILL) half-way through writing partition N the
    first time it runs (a marker file in out_dir records that it did)."""
    t0 = time.perf_counter()
    index = cached_index(store, lists)
    t1 = time.perf_counter()
    if not any(isinstance(c, str) and _tamis.record_field(c) == 0 for c in frame.columns):
        # No id column: ids unique over the job, "p<partition>.<row>".
        frame = frame.assign(id=["p%d.%d" % (part, i + 1) for i in range(len(frame))])
    lines, counts = index.screen_counted(frame, on_error="report", **screen)
    t2 = time.perf_counter()
    errors = sum(1 for c in counts if c < 0)
    with_hits = sum(1 for c in counts if c > 0)
    hits = sum(c for c in counts if c > 0)
    final = part_path(out_dir, part)
    tmp = os.path.join(out_dir, ".part-%05d.%s.tmp" % (part, uuid.uuid4().hex))
    kill = fault is not None and fault.get("kill_partition") == part
    marker = os.path.join(out_dir, ".fault-killed-%05d" % part)
    with open(tmp, "w", encoding="utf-8") as f:
        for i, line in enumerate(lines):
            f.write(line)
            f.write("\n")
            if kill and i == len(lines) // 2 and not os.path.exists(marker):
                f.flush()
                open(marker, "w").close()
                os.kill(os.getpid(), signal.SIGKILL)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, final)
    return {"partition": part, "records": len(lines), "with_hits": with_hits, "hits": hits, "errors": errors,
            "pid": os.getpid(), "wait_index_seconds": t1 - t0, "screen_seconds": t2 - t1,
            "write_seconds": time.perf_counter() - t2}


# --- reading the input --------------------------------------------------------------------------

def parquet_engine():
    """The importable Parquet engine ("pyarrow" or "fastparquet"), or None."""
    import importlib.util
    for name in ("pyarrow", "fastparquet"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def read_input(path, partition_size):
    """The input as a Dask DataFrame of string columns. Raises InvalidInputError for a format it
    cannot read (Parquet without an engine) and NotFoundError for a missing file."""
    import dask.dataframe as dd
    if not os.path.exists(path):
        raise NotFoundError("input %s: no such file" % path)
    lower = path.lower()
    if lower.endswith((".parquet", ".pq")):
        engine = parquet_engine()
        if engine is None:
            raise InvalidInputError(
                "input %s: Parquet needs pyarrow or fastparquet, and neither is importable (Debian 12 packages "
                "neither); convert the file to CSV or JSON Lines" % path)
        return dd.read_parquet(path, engine=engine, split_row_groups=True)
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return dd.read_json(path, lines=True, blocksize=partition_size, dtype=False, convert_dates=False)
    return dd.read_csv(path, blocksize=partition_size, dtype=str, keep_default_na=False, na_filter=False,
                       encoding="utf-8")


# --- the job ------------------------------------------------------------------------------------

def _prepare_out(out_dir, overwrite):
    os.makedirs(out_dir, exist_ok=True)
    old = glob.glob(os.path.join(out_dir, "part-*.jsonl")) + glob.glob(os.path.join(out_dir, "_summary.json"))
    if old and not overwrite:
        raise InvalidInputError("output folder %s already holds results (%d files); pass --overwrite to replace them"
                                % (out_dir, len(old)))
    for f in old + glob.glob(os.path.join(out_dir, ".part-*.tmp")) + glob.glob(os.path.join(out_dir, ".fault-*")):
        os.remove(f)


def _check_outputs(out_dir, results):
    """Removes killed attempts' temporary files (returns how many); checks every partition file
    holds its partition's record count."""
    stale = glob.glob(os.path.join(out_dir, ".part-*.tmp"))
    for f in stale:
        os.remove(f)
    for r in results:
        with open(part_path(out_dir, r["partition"]), "rb") as f:
            n = sum(1 for _ in f)
        if n != r["records"]:
            raise RuntimeError("partition %d: %d lines written, %d records screened" % (r["partition"], n, r["records"]))
    return len(stale)


def _summary(results, seconds, workers, loads, extra):
    s = {"records": sum(r["records"] for r in results), "with_hits": sum(r["with_hits"] for r in results),
         "hits": sum(r["hits"] for r in results), "errors": sum(r["errors"] for r in results),
         "partitions": len(results), "seconds": round(seconds, 3), "workers": workers,
         "task_seconds": round(sum(r["wait_index_seconds"] + r["screen_seconds"] + r["write_seconds"]
                                   for r in results), 3),
         "screen_seconds": round(sum(r["screen_seconds"] for r in results), 3),
         "write_seconds": round(sum(r["write_seconds"] for r in results), 3),
         "index_loads": loads}
    s["records_per_second"] = round(s["records"] / seconds, 1) if seconds > 0 else None
    s.update(extra)
    return s


def run(input_path, store, out_dir, *, lists=(), client=None, partition_size="64MB", threshold=0.70, limit=10,
        explain=True, screen_threads=None, overwrite=False, progress=None, log=None, fault=None):
    """Screens `input_path` into `out_dir` and returns the summary dict.

    client: a distributed.Client (its cluster's workers do the partitions), or None to run the
    partitions one after another in this process. screen_threads: threads per partition task
    (None: 1 on a cluster, so each worker thread screens one partition; all cores without one).
    progress: show Dask's progress bar (default: when stderr is a terminal). log: a file for
    progress lines (default stderr). fault: a test seam (see screen_partition).
    Raises NotFoundError / InvalidInputError for a missing or unreadable store, list or input,
    and the partition's exception when a partition fails for good."""
    log = log or sys.stderr
    lists = tuple(lists)
    Store(store)  # fail early, with the store's own message, when there is none
    _prepare_out(out_dir, overwrite)
    ddf = read_input(input_path, partition_size)
    parts = ddf.to_delayed()
    if screen_threads is None:
        screen_threads = 1 if client is not None else 0
    screen = {"threshold": threshold, "limit": limit, "lists": list(lists), "explain": explain,
              "threads": screen_threads}
    t0 = time.perf_counter()
    results = []
    if client is None:
        import dask
        cached_index(store, lists)
        for i, part in enumerate(parts):
            frame = dask.compute(part, scheduler="sync")[0]
            results.append(screen_partition(frame, i, out_dir, store, lists, screen, fault))
            print("partition %d/%d: %d records" % (i + 1, len(parts), results[-1]["records"]), file=log, flush=True)
        loads, workers = index_loads(), 0
    else:
        from dask import delayed
        from distributed import as_completed
        from distributed.diagnostics.progressbar import progress as dask_progress
        client.register_worker_plugin(IndexPlugin(store, lists), name="tamis-index")
        job = uuid.uuid4().hex[:12]  # keys unique per job: a finished job's results are never reused
        tasks = [delayed(screen_partition, pure=False)(p, i, out_dir, store, lists, screen, fault,
                                                       dask_key_name="tamis-screen-%s-%05d" % (job, i))
                 for i, p in enumerate(parts)]
        futures = client.compute(tasks)
        if progress if progress is not None else log.isatty():
            with contextlib.redirect_stdout(log):
                dask_progress(futures)
            results = client.gather(futures)
        else:
            for done, fut in enumerate(as_completed(futures), 1):
                r = fut.result()
                results.append(r)
                print("partition %d done (%d/%d): %d records" % (r["partition"], done, len(futures), r["records"]),
                      file=log, flush=True)
        loads = [x for per in client.run(index_loads).values() for x in per]
        workers = len(client.scheduler_info()["workers"])
    seconds = time.perf_counter() - t0
    results.sort(key=lambda r: r["partition"])
    stale = _check_outputs(out_dir, results)
    summary = _summary(results, seconds, workers, loads,
                       {"input": input_path, "out": out_dir, "stale_temp_files_removed": stale})
    tmp = os.path.join(out_dir, "._summary.%s.tmp" % uuid.uuid4().hex)
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    os.replace(tmp, os.path.join(out_dir, "_summary.json"))
    return summary


def _parser():
    p = argparse.ArgumentParser(
        prog="python3 -m tamis.dask_screen",
        description="Screen a customer file against the lists of a Tamis store on a Dask cluster: one task per "
                    "partition, results as JSON Lines (OUT/part-NNNNN.jsonl, one line per record as `tamis screen` "
                    "writes them), a summary on stdout. Parquet input needs pyarrow or fastparquet (not in Debian 12); "
                    "results are written as JSON Lines only.",
        epilog="Examples:\n"
               "  python3 -m tamis.dask_screen customers.csv --store /var/lib/tamis --out hits/ --workers 4\n"
               "  python3 -m tamis.dask_screen customers.csv --store /var/lib/tamis --out hits/ --scheduler tcp://10.0.0.5:8786\n"
               "  python3 -m tamis.dask_screen customers.jsonl --store DIR --out hits/ --workers 0   # one process, no Dask",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", help="customers: .csv (header row; fields as `tamis screen`), .jsonl, or .parquet")
    p.add_argument("--store", required=True, help="the Tamis data directory (as `tamis --data DIR`)")
    p.add_argument("--out", required=True, help="output folder (created; refused when it holds results, see --overwrite)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786); workers must "
                                           "see --store, --out and the input at the same paths")
    where.add_argument("--workers", type=int, default=None,
                       help="start a LocalCluster of N worker processes (default: the number of cores); "
                            "0 = no Dask, the partitions one after another in this process")
    p.add_argument("--threads-per-worker", type=int, default=1, help="threads per LocalCluster worker (default 1)")
    p.add_argument("--memory-limit", default="auto", help="memory limit per LocalCluster worker (default auto; 0 = none)")
    p.add_argument("--partition-size", default="64MB", help="bytes of input per partition (default 64MB)")
    p.add_argument("--lists", default="", help="only these lists, comma-separated (default all)")
    p.add_argument("--threshold", type=float, default=0.70, help="minimum score of a hit, 0..1 (default 0.70)")
    p.add_argument("--limit", type=int, default=10, help="hits per record at most (default 10)")
    p.add_argument("--no-explain", action="store_true", help="leave out the per-hit explanation")
    p.add_argument("--screen-threads", type=int, default=None,
                   help="screening threads per partition task (default 1 on a cluster, all cores with --workers 0)")
    p.add_argument("--overwrite", action="store_true", help="replace the results already in --out")
    p.add_argument("--progress", action="store_true", default=None, help="Dask's progress bar even when stderr is not a terminal")
    return p


def main(argv=None):
    args = _parser().parse_args(argv)
    if not 0 <= args.threshold <= 1:
        print("error: --threshold must be within 0..1", file=sys.stderr)
        return 2
    lists = [x for x in args.lists.split(",") if x]
    client = cluster = None
    try:
        if args.scheduler or (args.workers is None or args.workers > 0):
            from distributed import Client, LocalCluster
            if args.scheduler:
                client = Client(args.scheduler)
            else:
                n = args.workers or os.cpu_count() or 1
                cluster = LocalCluster(n_workers=n, threads_per_worker=args.threads_per_worker, processes=True,
                                       memory_limit=args.memory_limit, dashboard_address=None)
                client = Client(cluster)
        summary = run(args.input, args.store, args.out, lists=lists, client=client,
                      partition_size=args.partition_size, threshold=args.threshold, limit=args.limit,
                      explain=not args.no_explain, screen_threads=args.screen_threads, overwrite=args.overwrite,
                      progress=args.progress)
    except InvalidInputError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    except NotFoundError as e:
        print("error: %s" % e, file=sys.stderr)
        return 4
    except Exception as e:  # a partition that failed for good (KilledWorker, I/O)
        print("error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    # Run the module as imported (tamis.dask_screen), not as __main__: Dask pickles the task
    # functions and the worker plugin by reference to their module, which the workers import.
    from tamis import dask_screen as _module
    sys.exit(_module.main())
