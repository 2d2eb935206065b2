#pragma once
// A Structured Field Dictionary (RFC 8941 §3.2, parsed as §4.2.2 says): what the
// Permissions-Policy header is. Only the shape each member's value has is kept, which is
// what a header judgement needs; parsing is strict (any error fails the whole field, as
// §4.2 requires of a recipient) and bounded.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::headers {

inline constexpr size_t k_sf_max_members = 256;  // dictionary members, inner-list items, parameters

enum class SfKind { integer, decimal, string, token, byte_sequence, boolean };

struct SfItem {
    SfKind kind = SfKind::boolean;
    std::string text;  // string/token value (strings unescaped); "" for other kinds
};

struct SfMember {
    std::string key;
    bool inner_list = false;    // value is an inner list (then `items`), else one item
    std::vector<SfItem> items;  // the item, or the inner list's items
};

struct SfDictionary {
    bool ok = false;
    std::string error;              // why parsing failed, with the byte offset
    std::vector<SfMember> members;  // a repeated key keeps its first place, the last value (§4.2.2)
};

// `value` is the field value (several field lines joined with ", " first, §4.2).
SfDictionary parse_sf_dictionary(std::string_view value);

}  // namespace osescan::checks::headers
