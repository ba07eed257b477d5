"""Tamis from Python: open a store, build the name index, screen batches, hash images.

    import tamis
    store = tamis.Store("/var/lib/tamis")              # a data directory made by `tamis lists import`
    index = store.build_index()                        # or build_index(lists=["un", "ofac"])
    results = index.screen([{"id": "c1", "name": "Aiman al-Zawahiri", "dob": "1951"}])
    # [{"id": "c1", "hits": [{"entity_id": "un:QDi.006", "list": "un", "matched_name": ...,
    #                          "name": ..., "kind": ..., "score": 0.93, "explanation": {...}}]}]
    frame_results = index.screen(customers_df)         # a pandas DataFrame works the same
    tamis.hash_image("photo.jpg")                      # {"pdq": "d8f8...", "quality": 100, ...}

Results have the fields and hit shape of `tamis screen` (docs/formats.md): one dict per record in
input order, best hit first. Record fields are those of `tamis screen` (id, name, kind, dob,
nationality, country, gender, id_number; case-insensitive, same synonyms); other keys are ignored.

Errors are exceptions: TamisError (base), InvalidInputError (also a ValueError; a bad argument or a
list file that does not parse, the message naming file/line/field), NotFoundError (also a
LookupError), RecordError (a bad record with on_error="raise": its index, record_id and line are
attributes; the message names the field), TypeError for a value of the wrong Python type. With
on_error="report" a bad record gives {"id", "line", "error"} in its place and the batch goes on.
The GIL is released while lists are imported, the index is built, a batch is screened and an image
is hashed, so Python threads can screen in parallel on one index.
"""

import json as _json

from . import _tamis
from ._tamis import (  # noqa: F401  (re-exported)
    InvalidInputError,
    NameIndex as _NameIndex,
    NotFoundError,
    RecordError,
    TamisError,
    hash_image,
)

__all__ = [
    "Store",
    "Index",
    "hash_image",
    "TamisError",
    "InvalidInputError",
    "NotFoundError",
    "RecordError",
    "DEFAULT_THRESHOLD",
]

DEFAULT_THRESHOLD = 0.70  # as `tamis screen --threshold`


def _is_dataframe(obj):
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "columns") and hasattr(obj, "iloc")


class Index:
    """An immutable name index snapshot built from a store's current list versions. Thread-safe."""

    def __init__(self, native):
        self._ix = native

    @property
    def entity_count(self):
        return self._ix.entity_count

    @property
    def name_count(self):
        return self._ix.name_count

    @property
    def build_seconds(self):
        return self._ix.build_seconds

    def screen_jsonl(self, records, **kwargs):
        """Screens `records` and returns one JSON line (str, no newline) per record, in input order,
        exactly as `tamis screen` writes them. Arguments: see screen_counted."""
        return self.screen_counted(records, **kwargs)[0]

    def screen_counted(self, records, *, threshold=DEFAULT_THRESHOLD, limit=10, lists=None, explain=True,
                     candidates=0, pool=0, threads=0, on_error="raise", first_line=1):
        """Screens `records`; returns (lines, hits): one JSON line (str, no newline) per record as
        `tamis screen` writes it, and its number of hits (-1 for an error line), in input order.

        records: a list (or any iterable) of dicts, or a pandas DataFrame (one row per record).
        threshold: hits scoring below are dropped, 0..1 (default 0.70). limit: hits per record.
        lists: only these sources ("un", "ofac"); None = every indexed list. explain: include each
        hit's explanation. candidates / pool: `tamis screen --candidates / --pool` (0 = defaults).
        threads: screening threads, 0 = all cores. on_error: "raise" (RecordError / TypeError for
        the first bad record, nothing screened) or "report" (an error line in its place).
        first_line: the line number of the first record (error lines and default ids count from it).
        """
        args = dict(threshold=float(threshold), limit=int(limit), lists=list(lists or []), explain=bool(explain),
                    candidates=int(candidates), pool=int(pool), threads=int(threads), on_error=on_error,
                    first_line=int(first_line))
        if _is_dataframe(records):
            columns = {}
            for col in records.columns:
                if isinstance(col, str) and _tamis.record_field(col) >= 0:
                    columns[col] = records[col].tolist()
            return self._ix._screen_lines(columns, len(records), **args)
        if isinstance(records, dict):
            raise TypeError("records must be a list of dicts or a pandas DataFrame, not a dict "
                            "(wrap one record in a list)")
        return self._ix._screen_lines(records, -1, **args)

    def screen(self, records, **kwargs):
        """Screens `records` (see screen_counted for the arguments) and returns one dict per record,
        in input order: {"id": ..., "hits": [{"entity_id", "list", "matched_name", "name", "kind",
        "score", "explanation"}]}, or {"id": ..., "line": N, "error": "..."} (on_error="report")."""
        return [_json.loads(line) for line in self.screen_jsonl(records, **kwargs)]


class Store:
    """A Tamis store: the data directory `tamis --data DIR` uses (SQLite, every list version).

    Store(data_dir, create=False): NotFoundError when there is no store and create is False.
    Safe to share between threads (calls into one store are serialised)."""

    def __init__(self, data_dir, create=False):
        self._store = _tamis.Store(str(data_dir), bool(create))

    @property
    def data_dir(self):
        return str(self._store.data_dir)

    def import_list(self, files, format=None, source=None, force=False):
        """Imports list files as one new version (as `tamis lists import`); returns a dict with
        source, version_id, format, entity_count, unchanged, added, removed, changed, warnings.
        files: one path or a list (OFAC's companion files together). format: None = detect.
        InvalidInputError naming file/line/field when a file does not parse (nothing is changed)."""
        if isinstance(files, (str, bytes)) or hasattr(files, "__fspath__"):
            files = [files]
        return self._store.import_list([str(f) for f in files], format or "", source or "", bool(force))

    def build_index(self, lists=None, threads=0):
        """Builds the name index from the current version of each list (all when lists is None).
        NotFoundError when a requested list has no version or the store holds no list."""
        return Index(self._store.build_index(list(lists or []), int(threads)))
