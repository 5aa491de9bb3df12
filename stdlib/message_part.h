// A piece of an alert's message once its placeholders are resolved: literal text, or what a
// `{placeholder}` names. The checker resolves them, the plan carries them, runtime/actions/message.cpp
// fills them in.
#pragma once
#include <cstdint>
#include <string>

namespace jixiao::stdlib {

enum class MessagePartKind : uint8_t { Text, Entity, Indicator, Period, Column };
struct MessagePart {
  MessagePartKind kind = MessagePartKind::Text;
  std::string text;  // Text: the text; otherwise the placeholder's name
  // Entity: position in the primary indicator's `by`; Indicator: the indicator's index; Column: a column
  // of the alert's `from` table.
  int index = -1;
};

}  // namespace jixiao::stdlib
