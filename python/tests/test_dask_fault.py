"""A worker killed during a Dask job: the partition is retried, and the output holds every input
record exactly once (counted against the input)."""
import glob
import os
import signal
import threading
import time

import pytest

from tamis import dask_screen

from conftest import read_results, write_customers


@pytest.fixture
def cluster():
    from distributed import Client, LocalCluster
    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(c)
    yield client
    client.close()
    c.close()


def check_exactly_once(out, ids, summary):
    res, lines = read_results(out)
    assert lines == len(ids) == summary["records"]  # no duplicate line, none lost
    assert sorted(res) == ids
    assert not glob.glob(os.path.join(str(out), ".part-*.tmp"))  # the killed attempt's file is gone


def test_worker_killed_mid_write_partition_retried(shared, un_store, tmp_dir, cluster):
    ids, _ = write_customers(shared, tmp_dir / "cust.csv", 2000)
    pids_before = set(cluster.run(os.getpid).values())
    out = tmp_dir / "out"
    # The worker screening partition 3 kills itself (SIGKILL) half-way through writing it.
    s = dask_screen.run(str(tmp_dir / "cust.csv"), un_store, str(out), client=cluster, partition_size="8KB",
                        fault={"kill_partition": 3})
    assert (out / ".fault-killed-00003").exists()  # it did die there
    assert pids_before - set(cluster.run(os.getpid).values())  # that worker process is gone
    assert s["partitions"] > 3
    assert s["stale_temp_files_removed"] == 1  # the half-written file of the killed attempt
    check_exactly_once(out, ids, s)


def test_worker_killed_from_outside_during_a_job(shared, un_store, tmp_dir, cluster):
    ids, _ = write_customers(shared, tmp_dir / "cust.csv", 20000)
    out = tmp_dir / "out"
    pids = list(cluster.run(os.getpid).values())
    box = {}

    def job():
        try:
            box["summary"] = dask_screen.run(str(tmp_dir / "cust.csv"), un_store, str(out), client=cluster,
                                             partition_size="16KB")
        except BaseException as e:  # reported by the assertion below
            box["error"] = e

    t = threading.Thread(target=job)
    t.start()
    deadline = time.time() + 120
    while not glob.glob(os.path.join(str(out), "part-*.jsonl")) and time.time() < deadline:
        time.sleep(0.01)
    done_at_kill = len(glob.glob(os.path.join(str(out), "part-*.jsonl")))
    os.kill(pids[0], signal.SIGKILL)
    t.join(300)
    assert "error" not in box, box.get("error")
    s = box["summary"]
    assert done_at_kill < s["partitions"]  # the job was still running when the worker died
    check_exactly_once(out, ids, s)
