// The extension module tamis._tamis: the store, the name index and batch screening, and PDQ
// image hashing, over the service layer (service/list_service.h, service/screen_service.h,
// formats/image/hash_file.h). The package (tamis/__init__.py) wraps it; users import `tamis`.
//
// Errors: a non-OK Status becomes a Python exception of the package (TamisError and its
// subclasses, below) carrying the Status message, which names the file, line or field.
// The GIL is released while importing, building the index, screening and hashing.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/media/pdq.h"
#include "formats/image/hash_file.h"
#include "py_records.h"
#include "service/clock.h"
#include "service/list_service.h"
#include "service/screen_service.h"
#include "store/store.h"

namespace tamis::py {
namespace {
namespace pyb = pybind11;

// The exception classes, created at import.
PyObject* g_error = nullptr;          // TamisError(Exception): every other error
PyObject* g_invalid = nullptr;        // InvalidInputError(TamisError, ValueError)
PyObject* g_not_found = nullptr;      // NotFoundError(TamisError, LookupError)
PyObject* g_record_error = nullptr;   // RecordError(InvalidInputError): a bad record in a batch

[[noreturn]] void Raise(const Status& st) {
  PyObject* cls = g_error;
  switch (st.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kParseError: cls = g_invalid; break;
    case StatusCode::kNotFound: cls = g_not_found; break;
    default: break;
  }
  PyErr_SetString(cls, st.ToString().c_str());
  throw pyb::error_already_set();
}

template <typename T>
T Take(Result<T> r) {
  if (!r.ok()) Raise(r.status());
  return std::move(*r);
}

// The index snapshot a Python object holds (pybind11 holders cannot be shared_ptr<const T>).
struct PyIndex {
  std::shared_ptr<const index::NameIndex> ix;
};

// A store opened by one Python object. The Store is used by one thread at a time (store.h):
// every call takes mu_ (with the GIL released, so other Python threads run meanwhile).
class PyStore {
 public:
  PyStore(const std::filesystem::path& dir, bool create) : dir_(dir) {
    StoreOptions o;
    o.data_dir = dir;
    o.create = create;
    Result<std::unique_ptr<Store>> s = [&] {
      pyb::gil_scoped_release nogil;
      return Store::Open(o);
    }();
    if (!s.ok() && s.status().code() == StatusCode::kNotFound)
      Raise(NotFound(s.status().message() + " (import a list first, or pass create=True)"));
    store_ = Take(std::move(s));
  }

  pyb::dict ImportList(const std::vector<std::filesystem::path>& files, const std::string& format,
                       const std::string& source, bool force) {
    ListImportRequest req;
    req.files = files;
    req.format = format;
    req.source = source;
    req.force = force;
    Result<ListImportReport> rep = [&] {
      pyb::gil_scoped_release nogil;
      std::lock_guard lock(mu_);
      return ImportListFiles(*store_, req, SystemClock(), nullptr);
    }();
    ListImportReport r = Take(std::move(rep));
    pyb::dict d;
    d["source"] = r.outcome.version.source;
    d["version_id"] = r.outcome.version.version_id;
    d["format"] = r.outcome.version.format;
    d["entity_count"] = r.outcome.version.entity_count;
    d["unchanged"] = r.outcome.unchanged;
    d["added"] = r.outcome.added;
    d["removed"] = r.outcome.removed;
    d["changed"] = r.outcome.changed;
    d["warnings"] = static_cast<int64_t>(r.warnings.size());
    return d;
  }

  PyIndex BuildIndex(const std::vector<std::string>& lists, unsigned threads) {
    IndexBuildRequest br;
    br.lists = lists;
    br.options.threads = threads;
    Result<std::shared_ptr<const index::NameIndex>> ix = [&] {
      pyb::gil_scoped_release nogil;
      std::lock_guard lock(mu_);
      return BuildNameIndex(*store_, br);
    }();
    return PyIndex{Take(std::move(ix))};
  }

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::mutex mu_;
  std::unique_ptr<Store> store_;
};

// Screens `records` (rows, or columns when n >= 0) and returns (JSON lines, hit count per
// record with -1 for an error line).
pyb::tuple ScreenLines(const PyIndex& pix, const pyb::object& records, int64_t n, double threshold,
                      size_t limit, const std::vector<std::string>& lists, bool explain, size_t candidates,
                      size_t pool, unsigned threads, const std::string& on_error, int first_line) {
  if (!(threshold >= 0 && threshold <= 1)) throw pyb::value_error("threshold must be within 0..1");
  if (on_error != "raise" && on_error != "report")
    throw pyb::value_error("on_error must be 'raise' or 'report', not '" + on_error + "'");
  const index::NameIndex& ix = *pix.ix;
  std::vector<bool> type_error;
  std::vector<RecordItem> items =
      n >= 0 ? RecordsFromColumns(records.cast<pyb::dict>(), static_cast<size_t>(n), first_line, {}, &type_error)
             : RecordsFromRows(records, first_line, {}, &type_error);
  if (on_error == "raise") {
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].error.ok()) continue;
      const RecordItem& it = items[i];
      const std::string msg = "record " + std::to_string(i) + " (id '" + it.record.id + "', line " +
                              std::to_string(it.record.line) + "): " + it.error.message();
      pyb::object exc = pyb::reinterpret_borrow<pyb::object>(type_error[i] ? PyExc_TypeError : g_record_error)(msg);
      exc.attr("index") = i;
      exc.attr("record_id") = it.record.id;
      exc.attr("line") = it.record.line;
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
      throw pyb::error_already_set();
    }
  }
  ScreenParams params;
  params.threshold = threshold;
  params.limit = limit;
  params.lists = lists;
  params.explain = explain;
  params.max_candidates = candidates;
  params.candidate_pool = pool;
  params.abjad_candidate_pool = pool;
  ScreenedBatch out;
  {
    pyb::gil_scoped_release nogil;
    out = ScreenItems(ix, items, params, threads);
  }
  pyb::list result(out.lines.size());
  for (size_t i = 0; i < out.lines.size(); ++i) {
    PyObject* s = PyUnicode_DecodeUTF8(out.lines[i].data(), static_cast<Py_ssize_t>(out.lines[i].size()), "replace");
    if (!s) throw pyb::error_already_set();
    PyList_SET_ITEM(result.ptr(), static_cast<Py_ssize_t>(i), s);
  }
  return pyb::make_tuple(result, pyb::cast(out.hits));
}

pyb::dict HashImage(const pyb::object& image, bool dihedrals, bool file_level_squash) {
  image::HashImageOptions o;
  o.dihedrals = dihedrals;
  o.file_level_squash = file_level_squash;
  image::PdqFileHash h;
  if (PyBytes_Check(image.ptr()) || PyByteArray_Check(image.ptr()) || PyMemoryView_Check(image.ptr())) {
    pyb::buffer_info buf = pyb::reinterpret_borrow<pyb::buffer>(image).request();
    std::span<const uint8_t> bytes(static_cast<const uint8_t*>(buf.ptr), static_cast<size_t>(buf.size * buf.itemsize));
    h = Take([&] {
      pyb::gil_scoped_release nogil;
      return image::HashImageBytes(bytes, o);
    }());
  } else {
    const auto path = image.cast<std::filesystem::path>();  // str or os.PathLike
    h = Take([&] {
      pyb::gil_scoped_release nogil;
      return image::HashImageFile(path, o);
    }());
  }
  pyb::dict d;
  d["pdq"] = h.pdq.hash.ToHex();
  d["quality"] = h.pdq.quality;
  d["format"] = std::string(image::ImageFormatName(h.format));
  d["width"] = h.width;
  d["height"] = h.height;
  if (h.pdq.has_dihedrals) {
    pyb::dict dih;
    for (int k = 0; k < media::kPdqDihedralCount; ++k)
      dih[pyb::str(std::string(media::PdqDihedralName(static_cast<media::PdqDihedral>(k))))] = h.pdq.dihedrals[k].ToHex();
    d["dihedrals"] = dih;
  }
  return d;
}

PyObject* NewError(pyb::module_& m, const char* name, PyObject* bases, const char* doc) {
  const std::string full = std::string("tamis.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(full.c_str(), doc, bases, nullptr);
  if (!cls) throw pyb::error_already_set();
  m.add_object(name, pyb::handle(cls));
  return cls;
}

}  // namespace

PYBIND11_MODULE(_tamis, m) {
  m.doc() = "Tamis screening engine: store, name index, batch screening, PDQ hashing (use the tamis package).";

  g_error = NewError(m, "TamisError", PyExc_Exception, "An error of the Tamis engine (the message names file, line or field).");
  pyb::tuple inv_bases = pyb::make_tuple(pyb::handle(g_error), pyb::handle(PyExc_ValueError));
  g_invalid = NewError(m, "InvalidInputError", inv_bases.ptr(), "Bad input: an invalid argument or a file that does not parse.");
  pyb::tuple nf_bases = pyb::make_tuple(pyb::handle(g_error), pyb::handle(PyExc_LookupError));
  g_not_found = NewError(m, "NotFoundError", nf_bases.ptr(), "A missing store, file or list.");
  g_record_error = NewError(m, "RecordError", g_invalid,
                            "A bad record in a batch screened with on_error='raise' (attributes index, record_id, line).");

  pyb::class_<PyIndex>(m, "NameIndex", "An immutable name index snapshot (thread-safe).")
      .def_property_readonly("entity_count", [](const PyIndex& p) { return p.ix->entity_count(); })
      .def_property_readonly("name_count", [](const PyIndex& p) { return p.ix->name_count(); })
      .def_property_readonly("build_seconds", [](const PyIndex& p) { return p.ix->stats().build_seconds; })
      .def("_screen_lines", &ScreenLines, pyb::arg("records"), pyb::arg("n"), pyb::arg("threshold"), pyb::arg("limit"),
           pyb::arg("lists"), pyb::arg("explain"), pyb::arg("candidates"), pyb::arg("pool"), pyb::arg("threads"),
           pyb::arg("on_error"), pyb::arg("first_line"));

  pyb::class_<PyStore>(m, "Store", "A Tamis store (a data directory); one thread at a time inside, safe to share.")
      .def(pyb::init<const std::filesystem::path&, bool>(), pyb::arg("data_dir"), pyb::arg("create") = false)
      .def_property_readonly("data_dir", &PyStore::dir)
      .def("import_list", &PyStore::ImportList, pyb::arg("files"), pyb::arg("format") = "", pyb::arg("source") = "",
           pyb::arg("force") = false)
      .def("build_index", &PyStore::BuildIndex, pyb::arg("lists") = std::vector<std::string>{},
           pyb::arg("threads") = 0u);

  m.def("hash_image", &HashImage, pyb::arg("image"), pyb::arg("dihedrals") = false,
        pyb::arg("file_level_squash") = true);
  m.def("record_field", [](const std::string& key) { return RecordFieldIndex(key); },
        "The screening field (0..7) a column or key stands for, or -1.");
}

}  // namespace tamis::py
