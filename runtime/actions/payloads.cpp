#include "runtime/actions/payloads.h"

#include <algorithm>
#include <cstring>

namespace jixiao::rt {

namespace {

using Json = nlohmann::ordered_json;

// WeCom group robots take at most 4096 bytes of markdown; Slack a section's text up to 3000 characters
// (kept here as bytes, which is never more characters).
constexpr size_t kWeComMaxBytes = 4096;
constexpr size_t kSlackSectionMax = 3000;

std::string heading(const NotificationContent& c) { return "[" + c.severity + "] " + c.title; }

// DingTalk and WeCom markdown: a heading, the message, the report as a list. The report lines hold
// entity values and periods from data, so they are escaped whole.
std::string markdown_body(const NotificationContent& c) {
  std::string out =
      "#### " + heading(c) + "\n\n" + (c.message_markdown.empty() ? markdown_text(c.message) : c.message_markdown);
  if (!c.report_lines.empty()) {
    out += "\n";
    for (auto& line : c.report_lines) out += "\n- " + markdown_text(line);
  }
  return out;
}

// Slack's mrkdwn treats `&`, `<` and `>` as control characters: they must be escaped as entities.
std::string slack_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '&')
      out += "&amp;";
    else if (ch == '<')
      out += "&lt;";
    else if (ch == '>')
      out += "&gt;";
    else
      out += ch;
  }
  return out;
}

std::string one_line(std::string s) {
  for (char& ch : s)
    if (ch == '\n' || ch == '\r') ch = ' ';
  return s;
}

}  // namespace

std::string markdown_text(const std::string& text) {
  // Block markers count at the start of a line (after some spaces), and a value may be placed there:
  // `- x`, `+ x`, `1. x`, `2) x` and a line of `-` or `=` alone (a rule, or a heading's underline).
  // `-3.5` and `0.9%` are no markers and stay as they are.
  const size_t start = std::min(text.find_first_not_of(" \t"), text.size());
  auto ends_marker = [&](size_t k) { return k >= text.size() || std::strchr(" \t\r\n", text[k]); };
  size_t digits = start;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '\r' || ch == '\n') {
      if (ch == '\r' || i == 0 || text[i - 1] != '\r') out += ' ';  // CR LF is one break
      continue;
    }
    bool opens_inline = ch != '\0' && std::strchr("\\`*_[]<>#|~", ch);
    bool opens_block =
        (i == start && (ch == '-' || ch == '+' || ch == '=') &&
         (ends_marker(i + 1) || text.find_first_not_of(std::string(1, ch) + " \t\r\n", i) == std::string::npos)) ||
        (i == digits && digits > start && (ch == '.' || ch == ')') && ends_marker(i + 1));
    if (opens_inline || opens_block) out += '\\';
    out += ch;
  }
  return out;
}

std::string truncate_utf8(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  static const std::string ellipsis = "\xE2\x80\xA6";  // …
  size_t cut = max_bytes >= ellipsis.size() ? max_bytes - ellipsis.size() : 0;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return text.substr(0, cut) + ellipsis;
}

Json channel_payload(const std::string& kind, const NotificationContent& c) {
  if (kind == "dingtalk") {
    // Custom robot, msgtype markdown: `title` shows in the conversation list, `text` in the chat.
    return Json{{"msgtype", "markdown"}, {"markdown", Json{{"title", c.title}, {"text", markdown_body(c)}}}};
  }
  if (kind == "wecom") {
    return Json{{"msgtype", "markdown"},
                {"markdown", Json{{"content", truncate_utf8(markdown_body(c), kWeComMaxBytes)}}}};
  }
  if (kind == "slack") {
    // With blocks, `text` is the fallback shown in notifications; the section block is the message.
    std::string section = "*" + slack_escape(heading(c)) + "*\n" + slack_escape(c.message);
    if (!c.report_lines.empty()) {
      section += "\n";
      for (auto& line : c.report_lines) section += "\n\xE2\x80\xA2 " + slack_escape(line);  // • line
    }
    Json text_object{{"type", "mrkdwn"}, {"text", truncate_utf8(section, kSlackSectionMax)}};
    Json block{{"type", "section"}, {"text", text_object}};
    return Json{{"text", slack_escape(heading(c) + ": " + c.message)}, {"blocks", Json::array({block})}};
  }
  if (kind == "webhook") {
    Json j{{"alert", c.alert},   {"severity", c.severity}, {"entity", c.entity},
           {"period", c.period}, {"value", c.value},       {"message", c.message}};
    if (!c.report.is_null()) j["report"] = c.report;
    return j;
  }
  // log: `[severity] alert entity period: message | report`
  std::string line = "[" + c.severity + "] " + c.alert;
  if (!c.entity_text.empty()) line += " " + c.entity_text;
  if (c.period.is_string()) line += " " + c.period.get<std::string>();
  line += ": " + c.message;
  for (size_t k = 0; k < c.report_lines.size(); ++k) line += (k ? "; " : " | ") + c.report_lines[k];
  return Json(one_line(line));
}

}  // namespace jixiao::rt
