// Text from data made safe for the output it goes to: a terminal (the heatmap, the CLI's tables) or an
// XML document (the heatmap's SVG and HTML), so a case id cannot move the cursor or break the markup.
#pragma once
#include <string>

namespace jixiao::report {

// Text for a terminal: control characters (C0 with tab and newline, DEL, C1 such as CSI) and bytes that
// are not UTF-8 become visible `\x1b` escapes, one per byte, so data cannot move the cursor, clear the
// screen or set the window title, and display_width (compiler/source/unicode.h) stays the columns the text takes.
std::string terminal_text(const std::string& text);

// `&`, `<`, `>`, `"` and `'` as XML entities; other control characters than tab and newline as a
// space, bytes that are not UTF-8 as U+FFFD.
std::string xml_escape(const std::string& text);

}  // namespace jixiao::report
