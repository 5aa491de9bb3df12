// The request bodies of the channel kinds (docs/results-schema.md, payloads by channel kind), written from
// each service's documentation: DingTalk custom robot markdown, WeCom group robot markdown, Slack incoming
// webhook with a mrkdwn section block, a generic JSON webhook, and a log line.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace jixiao::rt {

// What one notification says, whatever the channel.
struct NotificationContent {
  std::string alert;  // the alert's name
  std::string title;  // its label, or its name
  std::string severity;  // info | warning | critical
  std::string message;  // the rendered message
  // The message for markdown bodies: the template's own text as written, its filled-in values through
  // markdown_text (render_message with markdown_text). Empty: all of `message` is taken as data.
  std::string message_markdown;
  nlohmann::ordered_json entity = nlohmann::ordered_json::object();
  std::string entity_text;  // `batch_id=B1` (log lines)
  nlohmann::ordered_json period;  // the period label, null for row alerts
  nlohmann::ordered_json value;  // the alert's value in base units (null for row alerts)
  std::vector<std::string> report_lines;  // `oee: 85.0%`, one per reported value (markdown and text bodies)
  nlohmann::ordered_json report;  // the same as objects (webhook); null without `report`
};

// The payload for a channel kind. `log` gives a JSON string: the line to log.
nlohmann::ordered_json channel_payload(const std::string& kind, const NotificationContent& c);

// Text from data for a DingTalk or WeCom markdown body: it reads as itself and never as markup. The
// CommonMark punctuation that opens inline constructs (links, emphasis, code, HTML) is backslash-escaped
// everywhere, a block marker (`#`, `>`, `-`, `+`, `=`, `1.`) at its start too, and line breaks become
// spaces, so it cannot start a heading, a list or a quote of its own.
std::string markdown_text(const std::string& text);

// Cuts UTF-8 text to at most `max_bytes` bytes on a character boundary, ending it with `…` when cut.
std::string truncate_utf8(const std::string& text, size_t max_bytes);

}  // namespace jixiao::rt
