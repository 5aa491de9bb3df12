// How many columns text takes in a terminal or an editor with CJK fonts: the one table shared by the
// formatter (alignment), the diagnostic renderer (the caret), the heatmap and the CLI's tables, so that
// a caret after an emoji or a CJK name lines up everywhere.
#pragma once
#include <cstddef>
#include <string_view>

namespace jixiao {

// East Asian Width W and F (Unicode 15: Hangul, CJK, kana, fullwidth forms, the common emoji) take two
// columns; combining marks, zero-width spaces and variation selectors none; everything else one.
int char_width(char32_t cp);
// The columns of UTF-8 text; a byte that is not UTF-8 counts as one column (shown as U+FFFD).
size_t display_width(std::string_view utf8);

}  // namespace jixiao
