"""Fixtures of the pytest suites of the Python module (run by ctest: see python/CMakeLists.txt).

Shared test data: $TAMIS_SHARED_DATA, else $TAMIS_SHARED_DATA_DEFAULT (set by CMake), else
../shared/data beside the checkout. Tests that need it skip with a message when it is absent.
"""
import os
import pathlib
import shutil
import tempfile

import pytest


def shared_data_dir():
    for var in ("TAMIS_SHARED_DATA", "TAMIS_SHARED_DATA_DEFAULT"):
        v = os.environ.get(var)
        if v:
            return pathlib.Path(v)
    return pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared():
    d = shared_data_dir()
    if not d.is_dir():
        pytest.skip("shared test data not found at %s (clone ../shared beside the checkout or set "
                    "TAMIS_SHARED_DATA)" % d)
    return d


@pytest.fixture(scope="session")
def un_store(shared):
    """A store holding the UN consolidated list (one import per test session)."""
    import tamis
    d = tempfile.mkdtemp(prefix="tamis-py-")
    try:
        store = tamis.Store(d, create=True)
        rep = store.import_list(shared / "lists/un/UN_consolidated.xml")
        assert rep["source"] == "un" and rep["entity_count"] > 900
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def un_index(un_store):
    import tamis
    return tamis.Store(un_store).build_index()


@pytest.fixture
def tmp_dir():
    d = tempfile.mkdtemp(prefix="tamis-py-")
    yield pathlib.Path(d)
    shutil.rmtree(d, ignore_errors=True)


def write_customers(shared, path, n, bad_every=0):
    """A customer CSV of n records cycling through listed UN names (read from the XML) and names
    from names/negatives_global.csv; every `bad_every`-th record (if > 0) has no name. Returns the
    ids written and the ids of listed names."""
    import csv
    import xml.etree.ElementTree as ET
    root = ET.parse(shared / "lists/un/UN_consolidated.xml").getroot()
    listed = []
    for el in root.iter("INDIVIDUAL"):
        parts = [(el.findtext(t) or "").strip() for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
        name = " ".join(p for p in parts if p)
        if name:
            listed.append(name)
        if len(listed) >= 50:
            break
    with open(shared / "names/negatives_global.csv", newline="", encoding="utf-8") as f:
        innocent = [r["full_name"] for r, _ in zip(csv.DictReader(f), range(200))]
    ids, listed_ids = [], []
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "dob"])
        for i in range(n):
            cid = "c%06d" % i
            ids.append(cid)
            if bad_every and i % bad_every == bad_every - 1:
                w.writerow([cid, "", ""])
            elif i % 10 == 0:
                w.writerow([cid, listed[(i // 10) % len(listed)], ""])
                listed_ids.append(cid)
            else:
                w.writerow([cid, innocent[i % len(innocent)], ""])
    return ids, listed_ids


def read_results(out_dir):
    """{id: result dict} of every part-*.jsonl of out_dir, and the number of lines read."""
    import glob
    import json
    res, lines = {}, 0
    for p in sorted(glob.glob(os.path.join(str(out_dir), "part-*.jsonl"))):
        with open(p, encoding="utf-8") as f:
            for line in f:
                lines += 1
                r = json.loads(line)
                res[r["id"]] = r
    return res, lines
