#include "runtime/actions/signing.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "base/errors.h"

namespace jixiao::rt {

std::string hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &length))
    JX_UNREACHABLE("HMAC-SHA256 failed in OpenSSL");
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string dingtalk_sign(std::string_view secret, int64_t timestamp_ms) {
  std::string to_sign = std::to_string(timestamp_ms) + "\n" + std::string(secret);
  return url_encode(base64(hmac_sha256(secret, to_sign)));
}

std::string dingtalk_signed_url(std::string_view webhook, std::string_view secret, int64_t timestamp_ms) {
  std::string url(webhook);
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "timestamp=" + std::to_string(timestamp_ms) + "&sign=" + dingtalk_sign(secret, timestamp_ms);
  return url;
}

}  // namespace jixiao::rt
