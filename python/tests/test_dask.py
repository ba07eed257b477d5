"""tamis.dask_screen on a LocalCluster of 2 worker processes, and in one process."""
import json
import os
import subprocess
import sys

import pytest

import tamis
from tamis import dask_screen

from conftest import read_results, write_customers


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster
    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(c)
    yield client
    client.close()
    c.close()


def test_partitions_on_two_workers_match_one_process(shared, un_store, un_index, tmp_dir, cluster):
    ids, listed = write_customers(shared, tmp_dir / "cust.csv", 3000, bad_every=97)
    s = dask_screen.run(str(tmp_dir / "cust.csv"), un_store, str(tmp_dir / "out"), client=cluster,
                        partition_size="16KB")
    assert s["partitions"] > 4 and s["records"] == len(ids) and s["workers"] == 2
    res, lines = read_results(tmp_dir / "out")
    assert lines == len(ids) and sorted(res) == ids  # each record exactly once
    assert s["errors"] == len(ids) // 97 == sum(1 for r in res.values() if "error" in r)
    # every listed name found; the same answers as screening the whole file in this process
    assert all(res[i]["hits"] for i in listed)
    import pandas as pd
    df = pd.read_csv(tmp_dir / "cust.csv", dtype=str, keep_default_na=False)
    local = {json.loads(l)["id"]: json.loads(l) for l in un_index.screen_jsonl(df, on_error="report")}
    for i in ids:
        r, want = res[i], local[i]
        if "error" in want:
            assert "error" in r and r["error"] == want["error"]
        else:
            assert r["hits"] == want["hits"], i
    assert s["hits"] == sum(len(r.get("hits", [])) for r in res.values())
    # one index load per worker process
    pids = [x["pid"] for x in s["index_loads"]]
    assert len(pids) == 2 and len(set(pids)) == 2
    assert not [f for f in os.listdir(tmp_dir / "out") if f.endswith(".tmp")]
    assert json.load(open(tmp_dir / "out" / "_summary.json"))["records"] == len(ids)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "tamis.dask_screen", *args], capture_output=True, text=True,
                          timeout=300)


def test_cli_one_process_and_errors(shared, un_store, tmp_dir):
    ids, _ = write_customers(shared, tmp_dir / "cust.csv", 500)
    p = run_cli(str(tmp_dir / "cust.csv"), "--store", un_store, "--out", str(tmp_dir / "out"), "--workers", "0",
                "--partition-size", "8KB")
    assert p.returncode == 0, p.stderr
    s = json.loads(p.stdout)
    assert s["records"] == 500 and s["partitions"] > 1 and len(s["index_loads"]) == 1
    assert read_results(tmp_dir / "out")[1] == 500
    # results already there: refused without --overwrite
    p = run_cli(str(tmp_dir / "cust.csv"), "--store", un_store, "--out", str(tmp_dir / "out"), "--workers", "0")
    assert p.returncode == 2 and "--overwrite" in p.stderr
    p = run_cli(str(tmp_dir / "cust.csv"), "--store", str(tmp_dir / "none"), "--out", str(tmp_dir / "o2"), "--workers", "0")
    assert p.returncode == 4 and "error:" in p.stderr
    p = run_cli(str(tmp_dir / "missing.csv"), "--store", un_store, "--out", str(tmp_dir / "o3"), "--workers", "0")
    assert p.returncode == 4 and "missing.csv" in p.stderr
    (tmp_dir / "c.parquet").write_bytes(b"PAR1")
    p = run_cli(str(tmp_dir / "c.parquet"), "--store", un_store, "--out", str(tmp_dir / "o4"), "--workers", "0")
    if dask_screen.parquet_engine() is None:
        assert p.returncode == 2 and "pyarrow or fastparquet" in p.stderr
    p = run_cli("--help")
    assert p.returncode == 0 and "--scheduler" in p.stdout and "--workers" in p.stdout


def test_jsonl_input_without_ids(shared, un_store, tmp_dir, cluster):
    with open(tmp_dir / "c.jsonl", "w") as f:
        for i in range(400):
            f.write(json.dumps({"name": "AL-QAIDA" if i % 2 else "Patricia Lucas Wheeler"}) + "\n")
    s = dask_screen.run(str(tmp_dir / "c.jsonl"), un_store, str(tmp_dir / "out"), client=cluster, partition_size="4KB")
    res, lines = read_results(tmp_dir / "out")
    assert lines == 400 == len(res) == s["records"]  # generated ids p<part>.<row> are unique
    assert sum(1 for r in res.values() if r["hits"]) == 200 == s["with_hits"]
