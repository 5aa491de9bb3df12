// Request signing for the services notifications go to (a channel's `secret`; docs/results-schema.md,
// payloads by channel kind). The crypto is OpenSSL's; nothing here is hand-written beyond the encodings the
// services ask for.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace jixiao::rt {

// HMAC-SHA256 of `message` under `key`: the 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view message);
// Standard base64 (RFC 4648, with `=` padding, no line breaks).
std::string base64(std::string_view bytes);
// Percent-encoding of everything but the RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), so a
// base64 `+`, `/` and `=` become %2B, %2F and %3D.
std::string url_encode(std::string_view text);

// A DingTalk custom robot's signature (its "加签" security setting): the string
// `<timestamp in ms>\n<secret>` signed with HMAC-SHA256 under the secret, base64-encoded, URL-encoded.
std::string dingtalk_sign(std::string_view secret, int64_t timestamp_ms);
// The robot's webhook address with `&timestamp=<ms>&sign=<signature>` appended (`?` when the address
// has no query yet). DingTalk refuses a timestamp more than an hour away from its clock, so this is
// computed when a notification is delivered, not when it is queued.
std::string dingtalk_signed_url(std::string_view webhook, std::string_view secret, int64_t timestamp_ms);

}  // namespace jixiao::rt
