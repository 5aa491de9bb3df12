#include "compiler/jit/object_cache.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/errors.h"

namespace jixiao::jit {

namespace fs = std::filesystem;

std::string ObjectCache::file_for(const std::vector<std::string_view>& key_parts) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  JX_CHECK(ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1, "SHA-256 is not available in OpenSSL");
  for (std::string_view part : key_parts) EVP_DigestUpdate(ctx, part.data(), part.size());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name;
  for (unsigned int i = 0; i < length; ++i) {
    name += kHex[digest[i] >> 4];
    name += kHex[digest[i] & 15];
  }
  return (fs::path(dir_) / (name + ".o")).string();
}

std::optional<std::string> ObjectCache::read(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

bool ObjectCache::write(const std::string& file, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(fs::path(file).parent_path(), ec);
  const std::string tmp = file + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec) fs::rename(tmp, file, ec);
  if (!ec) return true;
  fs::remove(tmp, ec);
  return false;
}

void ObjectCache::remove(const std::string& file) {
  std::error_code ec;
  fs::remove(file, ec);
}

}  // namespace jixiao::jit
