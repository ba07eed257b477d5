#include "py_records.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <thread>

namespace tamis::py {
namespace pyb = pybind11;
namespace {

const char* const kFieldNames[kRecordFieldCount] = {"id",          "name",    "kind",   "dob",
                                                    "nationality", "country", "gender", "id_number"};

bool IsMissingMarker(pyb::handle v) {
  // pandas.NA and pandas.NaT, without importing pandas.
  const char* t = Py_TYPE(v.ptr())->tp_name;
  return std::strcmp(t, "NAType") == 0 || std::strcmp(t, "NaTType") == 0;
}

std::string TypeName(pyb::handle v) { return Py_TYPE(v.ptr())->tp_name; }

// UTF-8 of a str; false when it holds lone surrogates (not encodable).
bool Utf8(pyb::handle s, std::string* out) {
  Py_ssize_t len = 0;
  const char* p = PyUnicode_AsUTF8AndSize(s.ptr(), &len);
  if (!p) {
    PyErr_Clear();
    return false;
  }
  out->assign(p, static_cast<size_t>(len));
  return true;
}

// The text of one field's value: true with *out set ("" = absent), or false with *why.
bool ValueText(pyb::handle v, int field, std::string* out, std::string* why) {
  out->clear();
  if (v.is_none() || IsMissingMarker(v)) return true;
  if (PyUnicode_Check(v.ptr())) {
    if (Utf8(v, out)) return true;
    *why = "text that is not valid Unicode (lone surrogates)";
    return false;
  }
  if (PyBool_Check(v.ptr())) {
    *why = "a bool is not text, a number or None";
    return false;
  }
  pyb::object as_float;  // a float, or another real number type (numpy.float32) made one
  if (PyFloat_Check(v.ptr())) {
    as_float = pyb::reinterpret_borrow<pyb::object>(v);
  } else if (!PyLong_Check(v.ptr()) && !PyIndex_Check(v.ptr()) && PyNumber_Check(v.ptr()) &&
             !PyComplex_Check(v.ptr()) && pyb::hasattr(v, "__float__")) {
    as_float = pyb::reinterpret_steal<pyb::object>(PyNumber_Float(v.ptr()));
    if (!as_float) PyErr_Clear();
  }
  if (as_float) {
    const double d = PyFloat_AS_DOUBLE(as_float.ptr());
    if (std::isnan(d)) return true;  // pandas' missing value
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
      *out = buf;
    } else {
      Utf8(pyb::str(as_float), out);
    }
    return true;
  }
  if (PyLong_Check(v.ptr()) || PyIndex_Check(v.ptr())) {  // int, numpy integers
    pyb::object i = pyb::reinterpret_steal<pyb::object>(PyNumber_Index(v.ptr()));
    if (!i) {
      PyErr_Clear();
      *why = "a " + TypeName(v) + " that is not an integer";
      return false;
    }
    Utf8(pyb::str(i), out);
    return true;
  }
  if (field == 3 && pyb::hasattr(v, "isoformat")) {  // datetime.date, datetime, pandas.Timestamp
    std::string iso;
    if (!Utf8(v.attr("isoformat")(), &iso)) return true;
    *out = iso.substr(0, iso.find('T'));
    return true;
  }
  if (field == 4 && (PyList_Check(v.ptr()) || PyTuple_Check(v.ptr()))) {
    for (pyb::handle el : v) {
      std::string s;
      if (!PyUnicode_Check(el.ptr()) || !Utf8(el, &s)) {
        *why = "a list holding a " + TypeName(el) + " (country codes or names expected)";
        return false;
      }
      if (!out->empty()) out->push_back(';');
      *out += s;
    }
    return true;
  }
  *why = "a " + TypeName(v) + " is not text, a number or None";
  return false;
}

// Collects the values of one record into `vals`; remembers the first wrongly typed field.
struct RecordValues {
  std::string vals[kRecordFieldCount];
  bool present[kRecordFieldCount] = {};
  Status type_error;

  void Set(int field, pyb::handle v) {
    if (field < 0 || present[field]) return;  // the first key naming a field wins
    std::string why;
    if (!ValueText(v, field, &vals[field], &why)) {
      if (type_error.ok()) type_error = InvalidArgument(std::string(kFieldNames[field]) + ": " + why);
      return;
    }
    present[field] = !vals[field].empty();
  }

  RecordItem Finish(int line, const RecordReaderOptions& opts, bool* type_error_out) {
    RecordItem item;
    item.record.line = line;
    item.record.id = std::to_string(line);
    const std::string* ptrs[kRecordFieldCount] = {};
    for (int f = 0; f < kRecordFieldCount; ++f)
      if (present[f]) ptrs[f] = &vals[f];
    item.error = FillRecord(ptrs, opts, &item.record);
    *type_error_out = !type_error.ok();
    if (!type_error.ok()) item.error = type_error;
    return item;
  }
};

int FieldOfKey(pyb::handle key) {
  std::string k;
  if (!PyUnicode_Check(key.ptr()) || !Utf8(key, &k)) return -1;
  return RecordFieldIndex(k);
}

}  // namespace

std::vector<RecordItem> RecordsFromRows(const pyb::handle& rows, int first_line, const RecordReaderOptions& opts,
                                        std::vector<bool>* type_error) {
  std::vector<RecordItem> items;
  type_error->clear();
  if (PyUnicode_Check(rows.ptr()) || PyBytes_Check(rows.ptr()) || PyDict_Check(rows.ptr()))
    throw pyb::type_error("records must be a list of dicts or a pandas DataFrame, not a " + TypeName(rows));
  pyb::iterator it = pyb::iter(rows);  // TypeError when not iterable
  int line = first_line;
  for (pyb::handle row : it) {
    RecordValues rv;
    if (PyDict_Check(row.ptr())) {
      PyObject *key, *value;
      Py_ssize_t pos = 0;
      while (PyDict_Next(row.ptr(), &pos, &key, &value)) rv.Set(FieldOfKey(key), value);
    } else if (PyMapping_Check(row.ptr()) && pyb::hasattr(row, "items") && !PyUnicode_Check(row.ptr())) {
      for (pyb::handle kv : row.attr("items")()) {
        pyb::tuple t = pyb::reinterpret_borrow<pyb::tuple>(kv);
        rv.Set(FieldOfKey(t[0]), t[1]);
      }
    } else if (rv.type_error.ok()) {
      rv.type_error = InvalidArgument("record: a " + TypeName(row) + " is not a mapping of fields");
    }
    bool te = false;
    items.push_back(rv.Finish(line++, opts, &te));
    type_error->push_back(te);
  }
  return items;
}

std::vector<RecordItem> RecordsFromColumns(const pyb::dict& columns, size_t n, int first_line,
                                           const RecordReaderOptions& opts, std::vector<bool>* type_error) {
  struct Column {
    int field;
    pyb::object seq;  // PySequence_Fast result (a list or tuple)
  };
  std::vector<Column> cols;
  for (auto [key, value] : columns) {
    const int f = FieldOfKey(key);
    if (f < 0) continue;
    pyb::object fast = pyb::reinterpret_steal<pyb::object>(PySequence_Fast(value.ptr(), "column is not a sequence"));
    if (!fast) throw pyb::error_already_set();
    if (static_cast<size_t>(PySequence_Fast_GET_SIZE(fast.ptr())) != n)
      throw pyb::value_error("column '" + pyb::str(key).cast<std::string>() + "' has " +
                             std::to_string(PySequence_Fast_GET_SIZE(fast.ptr())) + " values, not " + std::to_string(n));
    cols.push_back({f, std::move(fast)});
  }
  std::vector<RecordItem> items;
  items.reserve(n);
  type_error->assign(n, false);
  for (size_t i = 0; i < n; ++i) {
    RecordValues rv;
    for (const Column& c : cols) rv.Set(c.field, PySequence_Fast_GET_ITEM(c.seq.ptr(), static_cast<Py_ssize_t>(i)));
    bool te = false;
    items.push_back(rv.Finish(first_line + static_cast<int>(i), opts, &te));
    (*type_error)[i] = te;
  }
  return items;
}

ScreenedBatch ScreenItems(const index::NameIndex& ix, const std::vector<RecordItem>& items, const ScreenParams& params,
                          unsigned threads) {
  ScreenedBatch out;
  out.lines.resize(items.size());
  out.hits.assign(items.size(), -1);
  constexpr size_t kGroup = 16;  // records a thread takes at a time
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(threads, (items.size() + kGroup - 1) / kGroup)));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (;;) {
      const size_t b = next.fetch_add(kGroup);
      if (b >= items.size()) return;
      for (size_t i = b; i < std::min(items.size(), b + kGroup); ++i) {
        const RecordItem& it = items[i];
        if (!it.error.ok()) {
          out.lines[i] = ErrorJson(it);
          continue;
        }
        auto hits = ScreenRecordHits(ix, it.record, params);
        out.hits[i] = static_cast<int>(hits.size());
        out.lines[i] = HitsJson(ix, it.record.id, hits, params.explain);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace tamis::py
