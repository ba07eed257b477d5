#include "service/config.h"

#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tamis {

Config DefaultConfig() {
  Config c;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    c.data_dir = std::filesystem::path(xdg) / "tamis";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    c.data_dir = std::filesystem::path(home) / ".local" / "share" / "tamis";
  } else {
    c.data_dir = "tamis-data";
  }
  c.sources = {
      {"un", "un_xml", {{"https://scsanctions.un.org/resources/xml/en/consolidated.xml", "UN_consolidated.xml"}}},
      {"ofac", "ofac_csv",
       {{"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV", "sdn.csv"},
        {"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV", "alt.csv"},
        {"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV", "add.csv"},
        {"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
         "sdn_comments.csv"}}},
      {"eu", "eu_xml",
       {{"https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
         "eu_fsf.xml"}}},
      {"uk", "uk_conlist",
       {{"https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv", "ConList.csv"}}},
  };
  return c;
}

Status ApplyConfigFile(const std::filesystem::path& file, Config* cfg) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound("config file " + file.string() + " not found");
  std::stringstream ss;
  ss << in.rdbuf();
  simdjson::dom::parser parser;
  simdjson::padded_string text(ss.str());
  simdjson::dom::element doc;
  if (auto err = parser.parse(text).get(doc))
    return ParseError(file.string() + ": " + simdjson::error_message(err));
  simdjson::dom::object root;
  if (doc.get_object().get(root)) return ParseError(file.string() + ": top level is not an object");
  auto where = [&](const std::string& f) { return file.string() + ": field '" + f + "'"; };
  for (auto [key, value] : root) {
    std::string k(key);
    if (k == "data_dir") {
      std::string_view s;
      if (value.get_string().get(s)) return ParseError(where(k) + " must be a string");
      cfg->data_dir = std::string(s);
    } else if (k == "store") {
      std::string_view s;
      if (value.get_string().get(s)) return ParseError(where(k) + " must be a string");
      cfg->store_url = std::string(s);
    } else if (k == "download_timeout_s") {
      int64_t v;
      if (value.get_int64().get(v) || v <= 0) return ParseError(where(k) + " must be a positive integer");
      cfg->download_timeout_s = static_cast<int>(v);
    } else if (k == "max_download_bytes") {
      int64_t v;
      if (value.get_int64().get(v) || v <= 0) return ParseError(where(k) + " must be a positive integer");
      cfg->max_download_bytes = v;
    } else if (k == "allow_insecure_http") {
      bool b;
      if (value.get_bool().get(b)) return ParseError(where(k) + " must be true or false");
      cfg->allow_insecure_http = b;
    } else if (k == "ca_bundle") {
      std::string_view s;
      if (value.get_string().get(s)) return ParseError(where(k) + " must be a string");
      cfg->ca_bundle = std::string(s);
    } else if (k == "sources") {
      simdjson::dom::object srcs;
      if (value.get_object().get(srcs)) return ParseError(where(k) + " must be an object");
      for (auto [sname, sval] : srcs) {
        std::string name(sname);
        simdjson::dom::object so;
        if (sval.get_object().get(so)) return ParseError(where("sources." + name) + " must be an object");
        SourceConfig sc;
        sc.name = name;
        for (auto& d : cfg->sources)
          if (d.name == name) sc = d;
        bool b;
        if (so["enabled"].get_bool().get(b) == simdjson::SUCCESS) sc.enabled = b;
        std::string_view fmt;
        if (so["format"].get_string().get(fmt) == simdjson::SUCCESS) sc.format = std::string(fmt);
        simdjson::dom::array files;
        if (so["files"].get_array().get(files) == simdjson::SUCCESS) {
          sc.files.clear();
          for (auto f : files) {
            std::string_view url, lname;
            if (f["url"].get_string().get(url) || f["name"].get_string().get(lname))
              return ParseError(where("sources." + name + ".files") + " entries need \"url\" and \"name\"");
            sc.files.push_back({std::string(url), std::string(lname)});
          }
        }
        bool replaced = false;
        for (auto& d : cfg->sources)
          if (d.name == name) {
            d = sc;
            replaced = true;
          }
        if (!replaced) cfg->sources.push_back(sc);
      }
    } else {
      return ParseError(file.string() + ": unknown field '" + k + "'");
    }
  }
  return Status();
}

void ApplyEnvironment(Config* cfg) {
  if (const char* d = std::getenv("TAMIS_DATA"); d && *d) cfg->data_dir = d;
  if (const char* u = std::getenv("TAMIS_STORE"); u && *u) cfg->store_url = u;
  if (const char* h = std::getenv("TAMIS_ALLOW_INSECURE_HTTP"); h && *h)
    cfg->allow_insecure_http = std::string(h) == "1" || std::string(h) == "true";
  if (const char* c = std::getenv("TAMIS_CA_BUNDLE"); c && *c) cfg->ca_bundle = c;
}

}  // namespace tamis
