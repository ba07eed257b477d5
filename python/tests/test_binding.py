"""The Python module against independent oracles: the UN list's own XML (parsed here with
ElementTree), names that are not listed, the CLI's output for the same records, and the PDQ
reference hashes of ThreatExchange's pdq-photo-hasher (media/pdq/expected)."""
import csv
import json
import os
import subprocess
import threading
import time
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import tamis


def un_individuals(shared, every=25):
    """(reference number, full name) of every `every`-th UN individual, read from the XML."""
    root = ET.parse(shared / "lists/un/UN_consolidated.xml").getroot()
    out = []
    for i, el in enumerate(root.iter("INDIVIDUAL")):
        if i % every:
            continue
        parts = [(el.findtext(t) or "").strip() for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        name = " ".join(p for p in parts if p)
        if name:
            out.append((el.findtext("REFERENCE_NUMBER").strip(), name))
    return out


def ids_of(result):
    return [h["entity_id"] for h in result["hits"]]


def test_listed_names_are_found_with_their_entity_id(shared, un_index):
    sample = un_individuals(shared)
    assert len(sample) > 20
    recs = [{"id": "r%d" % i, "name": name} for i, (_, name) in enumerate(sample)]
    res = un_index.screen(recs)
    assert [r["id"] for r in res] == [r["id"] for r in recs]
    missed = [(ref, name) for (ref, name), r in zip(sample, res) if "un:" + ref not in ids_of(r)]
    assert not missed, missed


def test_known_names_and_hit_shape(un_index):
    res = un_index.screen([
        {"id": "z", "name": "Aiman Muhammed Rabi al-Zawahiri", "dob": "1951-06-19", "nationality": "EG"},
        {"id": "q", "name": "AL-QAIDA", "kind": "organisation"},
    ])
    z, q = res
    assert z["hits"][0]["entity_id"] == "un:QDi.006"
    assert q["hits"][0]["entity_id"] == "un:QDe.004"
    hit = z["hits"][0]
    for field in ("entity_id", "list", "matched_name", "name", "kind", "score", "explanation"):
        assert field in hit, field
    assert hit["list"] == "un" and 0.7 <= hit["score"] <= 1
    scores = [h["score"] for h in z["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_innocent_names_have_no_hits(un_index):
    res = un_index.screen([{"id": "a", "name": "Patricia Lucas Wheeler"}, {"id": "b", "name": "Isabella Joaquin Torres"},
                           {"id": "c", "name": "Zzyzx Qwerty"}])
    assert [r["hits"] for r in res] == [[], [], []]


def test_dataframe_gives_the_same_as_dicts(un_index):
    recs = [{"id": "1", "name": "Aiman Muhammed Rabi al-Zawahiri", "dob": "1951"},
            {"id": "2", "name": "Patricia Lucas Wheeler", "dob": None},
            {"id": "3", "name": "AL-QAIDA", "dob": None}]
    df = pd.DataFrame(recs)
    assert un_index.screen_jsonl(df) == un_index.screen_jsonl(recs)
    # pandas' own types: NaN for a missing value, an integer column, synonyms for field names
    df2 = pd.DataFrame({"ID": [1, 2], "full_name": ["AL-QAIDA", "Patricia Lucas Wheeler"], "dob": [float("nan"), 1990.0]})
    r = un_index.screen(df2)
    assert r[0]["id"] == "1" and ids_of(r[0])[0] == "un:QDe.004" and r[1]["hits"] == []
    # numpy scalars: an int64 id, a float32 year of birth
    import numpy as np
    df3 = pd.DataFrame({"id": np.array([7], dtype=np.int64), "name": ["AL-QAIDA"], "dob": np.array([1990], dtype=np.float32)})
    assert un_index.screen(df3)[0]["id"] == "7"
    assert un_index.screen_jsonl([{"id": np.int64(7), "name": "AL-QAIDA", "dob": np.float32(1990)}]) == \
        un_index.screen_jsonl([{"id": "7", "name": "AL-QAIDA", "dob": "1990"}])


def test_same_lines_as_the_cli(un_store, un_index, tmp_dir):
    """The module and `tamis screen` give byte-identical lines for the same records."""
    cli = os.environ.get("TAMIS_BIN")
    if not cli or not os.path.exists(cli):
        pytest.skip("TAMIS_BIN (the tamis executable) not set: run through ctest")
    rows = [["c1", "Aiman Muhammed Rabi al-Zawahiri", "person", "1951", "EG"],
            ["c2", "Patricia Lucas Wheeler", "", "", ""],
            ["c3", "AL-QAIDA", "organisation", "", ""],
            ["c4", "Usama bin Ladin", "", "1957", "SA"]]
    path = tmp_dir / "in.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "kind", "dob", "nationality"])
        w.writerows(rows)
    out = subprocess.run([cli, "--data", un_store, "screen", str(path)], capture_output=True, text=True, check=True)
    recs = [dict(zip(["id", "name", "kind", "dob", "nationality"], r)) for r in rows]
    assert un_index.screen_jsonl(recs) == out.stdout.splitlines()


def test_bad_records_raise_naming_the_field(un_index):
    with pytest.raises(tamis.RecordError, match="name") as e:
        un_index.screen([{"id": "ok", "name": "x"}, {"id": "bad"}])
    assert e.value.index == 1 and e.value.record_id == "bad" and isinstance(e.value, ValueError)
    with pytest.raises(tamis.RecordError, match="dob"):
        un_index.screen([{"name": "x", "dob": "not a date"}])
    with pytest.raises(tamis.RecordError, match="kind"):
        un_index.screen([{"name": "x", "kind": "vessel"}])
    with pytest.raises(TypeError, match="name"):
        un_index.screen([{"name": {"first": "x"}}])
    with pytest.raises(TypeError):
        un_index.screen([["not", "a", "mapping"]])
    with pytest.raises(TypeError):
        un_index.screen({"name": "one record, not a list"})
    with pytest.raises(ValueError, match="threshold"):
        un_index.screen([{"name": "x"}], threshold=1.5)
    with pytest.raises(ValueError, match="on_error"):
        un_index.screen([{"name": "x"}], on_error="ignore")


def test_bad_records_reported_and_the_batch_goes_on(un_index):
    res = un_index.screen([{"id": "a", "name": "AL-QAIDA"}, {"id": "b", "dob": "1970"}, {"name": ["a list"]},
                           {"id": "d", "name": "AL-QAIDA"}], on_error="report", first_line=2)
    assert ids_of(res[0])[0] == "un:QDe.004" and ids_of(res[3])[0] == "un:QDe.004"
    assert res[1] == {"id": "b", "line": 3, "error": "missing name"}
    assert res[2]["line"] == 4 and res[2]["id"] == "4" and res[2]["error"].startswith("name:")
    lines, counts = un_index.screen_counted([{"name": "AL-QAIDA"}, {}], on_error="report")
    assert counts[0] >= 1 and counts[1] == -1


def test_store_errors():
    with pytest.raises(tamis.NotFoundError):
        tamis.Store("/nonexistent/tamis-store")


def test_import_errors_name_the_file(tmp_dir):
    store = tamis.Store(tmp_dir / "s", create=True)
    bad = tmp_dir / "watch.csv"
    bad.write_text("id,name,dob\nw1,Abu Example,not-a-date\n")
    with pytest.raises(tamis.InvalidInputError, match="watch.csv"):
        store.import_list(bad, format="tamis_csv")
    with pytest.raises(tamis.NotFoundError):
        store.build_index()  # nothing imported
    good = tmp_dir / "watch2.csv"
    good.write_text("id,name\nw1,Abu Example\n")
    rep = store.import_list(good, format="tamis_csv", source="mine")
    assert rep["source"] == "mine" and rep["entity_count"] == 1
    assert store.build_index().screen([{"name": "Abu Example"}])[0]["hits"][0]["entity_id"] == "mine:w1"


def test_screening_releases_the_gil(un_index):
    recs = [{"id": str(i), "name": "Muhammad Abdallah Hassan %d" % i} for i in range(6000)]
    ticks = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.05)
    before = ticks[0]
    t0 = time.perf_counter()
    un_index.screen_jsonl(recs, threads=1)
    took = time.perf_counter() - t0
    during = ticks[0] - before
    stop.set()
    t.join()
    # Holding the GIL for the whole call, the counting thread would not run at all meanwhile.
    assert took > 0.05 and during > 1000, (took, during)


def pdq_reference(shared):
    with open(shared / "media/pdq/expected/reference_file_level.csv", newline="") as f:
        return list(csv.DictReader(f))


def test_hash_image_equals_the_reference(shared):
    rows = pdq_reference(shared)
    checked = 0
    for row in rows[::5]:
        path = shared / "media/pdq/images" / row["image"]
        if not path.exists():
            continue
        h = tamis.hash_image(str(path), dihedrals=True)
        assert h["pdq"] == row["pdq_hex"], row["image"]
        assert h["quality"] == int(row["quality"]), row["image"]
        assert (h["width"], h["height"]) == (int(row["width"]), int(row["height"]))
        for name in ("rot90", "flipx"):
            assert h["dihedrals"][name] == row[name], (row["image"], name)
        checked += 1
    assert checked >= 5
    first = shared / "media/pdq/images" / rows[0]["image"]
    assert tamis.hash_image(first.read_bytes())["pdq"] == rows[0]["pdq_hex"]  # bytes in, same hash
    assert tamis.hash_image(first)["pdq"] == rows[0]["pdq_hex"]  # a pathlib.Path


def test_hash_image_errors(tmp_dir):
    with pytest.raises(tamis.NotFoundError):
        tamis.hash_image(str(tmp_dir / "missing.jpg"))
    with pytest.raises(tamis.TamisError):
        tamis.hash_image(b"not an image at all")
