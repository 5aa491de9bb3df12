// Reading a whole file as bytes: rule files, fixtures and golden files alike.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace jixiao {

// The bytes of the file at `path`, or nullopt when it cannot be opened.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace jixiao
