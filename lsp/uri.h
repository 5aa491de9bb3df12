// file:// URIs <-> paths. Editors percent-encode non-ASCII paths (common here: folders named in
// Chinese), so both directions go through UTF-8 bytes.
#pragma once
#include <string>
#include <string_view>

namespace jixiao::lsp {

// The local path of a `file:` URI, or "" for any other scheme (untitled documents and the like).
std::string uri_to_path(std::string_view uri);
std::string path_to_uri(std::string_view path);

}  // namespace jixiao::lsp
