#include "lsp/workspace.h"

#include <filesystem>

#include "compiler/source/file_text.h"
#include "lsp/positions.h"
#include "lsp/uri.h"

namespace jixiao::lsp {

namespace fs = std::filesystem;

std::string document_key(const std::string& uri) {
  std::string path = uri_to_path(uri);
  if (path.empty()) return uri;
  return fs::path(path).lexically_normal().string();
}

void Workspace::set_root(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(path), ec).lexically_normal();
  root_ = ec ? path : p.string();
}

void Workspace::scan_disk() {
  if (root_.empty()) return;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return;
  for (auto& file : find_perf_files(root_)) {
    std::string key = fs::path(file).lexically_normal().string();
    auto text = read_file(file);
    if (!text) continue;
    Document& d = docs_[key];
    if (d.uri.empty()) d.uri = path_to_uri(key);
    d.disk_text = std::move(text);
  }
  ++revision_;
}

const Workspace::Document* Workspace::find(const std::string& uri) const {
  auto it = docs_.find(document_key(uri));
  return it == docs_.end() ? nullptr : &it->second;
}

void Workspace::open(const std::string& uri, std::string text, int64_t version) {
  Document& d = docs_[document_key(uri)];
  d.uri = uri;  // answer in the client's own spelling of the URI
  d.editor_text = std::move(text);
  d.version = version;
  ++revision_;
}

bool Workspace::change(const std::string& uri, const json& changes, int64_t version) {
  auto it = docs_.find(document_key(uri));
  if (it == docs_.end() || !it->second.editor_text) return false;
  std::string& text = *it->second.editor_text;
  if (changes.is_array()) {
    for (auto& c : changes) {
      if (!c.is_object() || !c.contains("text") || !c["text"].is_string()) continue;
      const std::string& replacement = c["text"].get_ref<const std::string&>();
      if (c.contains("range") && c["range"].is_object()) {
        size_t begin = byte_offset(text, position_from_json(c["range"].value("start", json::object())));
        size_t end = byte_offset(text, position_from_json(c["range"].value("end", json::object())));
        if (end < begin) std::swap(begin, end);
        text.replace(begin, end - begin, replacement);
      } else {
        text = replacement;
      }
    }
  }
  it->second.version = version;
  ++revision_;
  return true;
}

void Workspace::close(const std::string& uri) {
  auto it = docs_.find(document_key(uri));
  if (it == docs_.end()) return;
  it->second.editor_text.reset();
  // A closed file that is not on disk (untitled, or deleted meanwhile) leaves the project.
  if (!it->second.disk_text)
    docs_.erase(it);
  else
    it->second.uri = path_to_uri(it->first);
  ++revision_;
}

void Workspace::disk_changed(const std::string& uri, bool deleted) {
  std::string key = document_key(uri);
  if (key == uri) return;  // not a file
  if (fs::path(key).extension() != ".perf") return;
  auto it = docs_.find(key);
  if (deleted) {
    if (it == docs_.end()) return;
    it->second.disk_text.reset();
    if (!it->second.editor_text) docs_.erase(it);
  } else {
    auto text = read_file(key);
    if (!text) return;
    Document& d = docs_[key];
    if (d.uri.empty()) d.uri = uri;
    d.disk_text = std::move(text);
  }
  ++revision_;
}

std::optional<std::string> Workspace::text_of(const std::string& uri) const {
  const Document* d = find(uri);
  if (!d) return std::nullopt;
  return d->editor_text ? d->editor_text : d->disk_text;
}

std::optional<int64_t> Workspace::version_of(const std::string& uri) const {
  const Document* d = find(uri);
  if (!d || !d->editor_text) return std::nullopt;
  return d->version;
}

bool Workspace::is_open(const std::string& uri) const {
  const Document* d = find(uri);
  return d && d->editor_text;
}

std::vector<FileInput> Workspace::inputs() const {
  std::vector<FileInput> out;
  for (auto& [key, d] : docs_) {
    const auto& text = d.editor_text ? d.editor_text : d.disk_text;
    if (!text) continue;
    FileInput f{key, d.uri, *text, std::nullopt};
    if (d.editor_text) f.version = d.version;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace jixiao::lsp
