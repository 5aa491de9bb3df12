// The texts the server works on: every `.perf` file below the workspace root as it is on disk,
// overridden by the documents the editor has open (which may also lie outside the root).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsp/analysis.h"
#include "lsp/protocol.h"

namespace jixiao::lsp {

class Workspace {
 public:
  void set_root(const std::string& path);
  const std::string& root() const { return root_; }
  // Reads every `.perf` file below the root (open documents keep their editor text).
  void scan_disk();

  void open(const std::string& uri, std::string text, int64_t version);
  // Applies LSP `contentChanges` in order: a change with a `range` edits that range (incremental
  // sync), one without replaces the text (full sync). False when the document is not open.
  bool change(const std::string& uri, const json& changes, int64_t version);
  void close(const std::string& uri);
  // A watched file was created, changed or deleted on disk.
  void disk_changed(const std::string& uri, bool deleted);

  std::optional<std::string> text_of(const std::string& uri) const;
  std::optional<int64_t> version_of(const std::string& uri) const;
  bool is_open(const std::string& uri) const;
  // Bumped by every change to any text, so a snapshot knows whether it is current.
  uint64_t revision() const { return revision_; }
  // The project's files in a stable order (by key), as the analysis takes them.
  std::vector<FileInput> inputs() const;

 private:
  struct Document {
    std::string uri;
    std::optional<std::string> disk_text;
    std::optional<std::string> editor_text;
    int64_t version = 0;
  };
  const Document* find(const std::string& uri) const;
  std::string root_;
  std::map<std::string, Document> docs_;  // by key
  uint64_t revision_ = 1;
};

// The key of a document: its normalised path for `file:` URIs, else the URI itself.
std::string document_key(const std::string& uri);

}  // namespace jixiao::lsp
