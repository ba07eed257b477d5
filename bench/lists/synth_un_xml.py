#!/usr/bin/env python3
"""Writes a UN consolidated-list XML of N records for the streaming-import benchmark
(docs/benchmarks.md, issue #18 part 5): the INDIVIDUAL and ENTITY records of the real list
repeated in turn, copy k's REFERENCE_NUMBER suffixed ".s<k>" so that ids stay unique.

    bench/lists/synth_un_xml.py --shared ../shared/data --count 100000 --out /tmp/un-100k.xml
"""
import argparse
import os
import re

ap = argparse.ArgumentParser()
ap.add_argument("--shared", required=True)
ap.add_argument("--count", type=int, required=True)
ap.add_argument("--out", required=True)
a = ap.parse_args()
text = open(os.path.join(a.shared, "lists/un/UN_consolidated.xml"), encoding="utf-8").read()
head = text[: text.index("<INDIVIDUALS>")]
groups = {}
for tag in ("INDIVIDUAL", "ENTITY"):
    groups[tag] = re.findall(r"<%s>.*?</%s>" % (tag, tag), text, flags=re.S)
per = {"INDIVIDUAL": a.count * len(groups["INDIVIDUAL"]) // (len(groups["INDIVIDUAL"]) + len(groups["ENTITY"]))}
per["ENTITY"] = a.count - per["INDIVIDUAL"]
with open(a.out, "w", encoding="utf-8") as out:
    out.write(head)
    for tag, group in (("INDIVIDUAL", "INDIVIDUALS"), ("ENTITY", "ENTITIES")):
        out.write("<%s>" % group)
        recs = groups[tag]
        for i in range(per[tag]):
            k, r = divmod(i, len(recs))
            rec = recs[r]
            if k:
                rec = re.sub(r"<REFERENCE_NUMBER>(.*?)</REFERENCE_NUMBER>",
                             lambda m: "<REFERENCE_NUMBER>%s.s%d</REFERENCE_NUMBER>" % (m.group(1), k), rec, count=1)
            out.write(rec)
        out.write("</%s>" % group)
    out.write("</CONSOLIDATED_LIST>")
print("%s: %d records" % (a.out, a.count))
