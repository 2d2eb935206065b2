#include "checks/headers/structured_field.hpp"

namespace osescan::checks::headers {

namespace {

bool is_lcalpha(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// tchar (RFC 9110 §5.6.2)
bool is_tchar(char c) {
    if (is_alpha(c) || is_digit(c)) return true;
    for (const char t : std::string_view("!#$%&'*+-.^_`|~"))
        if (c == t) return true;
    return false;
}

// The parsing state of RFC 8941 §4.2: the remaining input; a failure stops everything.
class Parser {
public:
    explicit Parser(std::string_view input) : m_all(input), m_rest(input) {}

    SfDictionary dictionary() {
        SfDictionary out;
        discard_sp();
        if (!parse_dictionary(out.members) || (discard_sp(), !m_rest.empty())) {
            if (m_error.empty()) fail("unexpected character");
            out.members.clear();
            out.error = m_error;
            return out;
        }
        out.ok = true;
        return out;
    }

private:
    bool fail(const std::string& why) {
        if (m_error.empty()) m_error = why + " at offset " + std::to_string(m_all.size() - m_rest.size());
        return false;
    }
    bool at(char c) const { return !m_rest.empty() && m_rest.front() == c; }
    char peek() const { return m_rest.empty() ? '\0' : m_rest.front(); }
    void consume() { m_rest.remove_prefix(1); }
    void discard_sp() {
        while (at(' ')) consume();
    }
    void discard_ows() {
        while (at(' ') || at('\t')) consume();
    }

    // §4.2.2
    bool parse_dictionary(std::vector<SfMember>& members) {
        while (!m_rest.empty()) {
            SfMember member;
            if (!parse_key(member.key)) return false;
            if (at('=')) {
                consume();
                if (!parse_item_or_inner_list(member)) return false;
            } else {
                SfItem flag;
                flag.kind = SfKind::boolean;
                member.items.push_back(flag);
                if (!parse_parameters()) return false;
            }
            bool replaced = false;
            for (SfMember& existing : members)
                if (existing.key == member.key) {
                    existing = std::move(member);
                    replaced = true;
                    break;
                }
            if (!replaced) {
                if (members.size() >= k_sf_max_members)
                    return fail("more than " + std::to_string(k_sf_max_members) + " members");
                members.push_back(std::move(member));
            }
            discard_ows();
            if (m_rest.empty()) return true;
            if (!at(',')) return fail("expected ','");
            consume();
            discard_ows();
            if (m_rest.empty()) return fail("trailing ','");
        }
        return true;
    }

    // §4.2.1.1
    bool parse_item_or_inner_list(SfMember& member) {
        if (at('(')) {
            member.inner_list = true;
            return parse_inner_list(member.items);
        }
        SfItem item;
        if (!parse_item(item)) return false;
        member.items.push_back(std::move(item));
        return true;
    }

    // §4.2.1.2
    bool parse_inner_list(std::vector<SfItem>& items) {
        consume();  // '('
        while (!m_rest.empty()) {
            discard_sp();
            if (at(')')) {
                consume();
                return parse_parameters();
            }
            SfItem item;
            if (!parse_item(item)) return false;
            if (items.size() >= k_sf_max_members) return fail("inner list too long");
            items.push_back(std::move(item));
            if (!at(' ') && !at(')')) return fail("expected ' ' or ')' in an inner list");
        }
        return fail("inner list not closed");
    }

    // §4.2.3
    bool parse_item(SfItem& item) { return parse_bare_item(item) && parse_parameters(); }

    // §4.2.3.1
    bool parse_bare_item(SfItem& item) {
        const char c = peek();
        if (c == '-' || is_digit(c)) return parse_number(item);
        if (c == '"') return parse_string(item);
        if (c == ':') return parse_byte_sequence(item);
        if (c == '?') return parse_boolean(item);
        if (is_alpha(c) || c == '*') return parse_token(item);
        return fail("not an item");
    }

    // §4.2.3.2
    bool parse_parameters() {
        size_t count = 0;
        while (at(';')) {
            consume();
            discard_sp();
            std::string key;
            if (!parse_key(key)) return false;
            if (++count > k_sf_max_members) return fail("too many parameters");
            if (at('=')) {
                consume();
                SfItem value;
                if (!parse_bare_item(value)) return false;
            }
        }
        return true;
    }

    // §4.2.3.3
    bool parse_key(std::string& key) {
        if (!is_lcalpha(peek()) && !at('*')) return fail("a key must start with a-z or '*'");
        while (!m_rest.empty()) {
            const char c = peek();
            if (!is_lcalpha(c) && !is_digit(c) && c != '_' && c != '-' && c != '.' && c != '*') break;
            key += c;
            consume();
        }
        return true;
    }

    // §4.2.4
    bool parse_number(SfItem& item) {
        if (at('-')) consume();
        if (!is_digit(peek())) return fail("a number needs a digit");
        bool decimal = false;
        size_t integer_digits = 0;
        size_t fraction_digits = 0;
        while (!m_rest.empty()) {
            const char c = peek();
            if (is_digit(c)) {
                (decimal ? fraction_digits : integer_digits) += 1;
                consume();
            } else if (c == '.' && !decimal) {
                if (integer_digits > 12) return fail("decimal too long");
                decimal = true;
                consume();
            } else {
                break;
            }
            if (!decimal && integer_digits > 15) return fail("integer too long");
            if (decimal && fraction_digits > 3) return fail("decimal fraction too long");
        }
        if (decimal && fraction_digits == 0) return fail("decimal ends with '.'");
        item.kind = decimal ? SfKind::decimal : SfKind::integer;
        return true;
    }

    // §4.2.5
    bool parse_string(SfItem& item) {
        consume();  // '"'
        std::string out;
        while (!m_rest.empty()) {
            const char c = peek();
            consume();
            if (c == '\\') {
                if (m_rest.empty()) return fail("string ends in '\\'");
                const char next = peek();
                if (next != '"' && next != '\\') return fail("bad escape in a string");
                out += next;
                consume();
            } else if (c == '"') {
                item.kind = SfKind::string;
                item.text = std::move(out);
                return true;
            } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
                return fail("control or non-ASCII character in a string");
            } else {
                out += c;
            }
        }
        return fail("string not closed");
    }

    // §4.2.6
    bool parse_token(SfItem& item) {
        std::string out;
        while (!m_rest.empty()) {
            const char c = peek();
            if (!is_tchar(c) && c != ':' && c != '/') break;
            out += c;
            consume();
        }
        item.kind = SfKind::token;
        item.text = std::move(out);
        return true;
    }

    // §4.2.7
    bool parse_byte_sequence(SfItem& item) {
        consume();  // ':'
        while (!m_rest.empty()) {
            const char c = peek();
            consume();
            if (c == ':') {
                item.kind = SfKind::byte_sequence;
                return true;
            }
            if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '/' && c != '=')
                return fail("bad character in a byte sequence");
        }
        return fail("byte sequence not closed");
    }

    // §4.2.8
    bool parse_boolean(SfItem& item) {
        consume();  // '?'
        if (!at('0') && !at('1')) return fail("a boolean is ?0 or ?1");
        consume();
        item.kind = SfKind::boolean;
        return true;
    }

    std::string_view m_all;
    std::string_view m_rest;
    std::string m_error;
};

}  // namespace

SfDictionary parse_sf_dictionary(std::string_view value) { return Parser(value).dictionary(); }

}  // namespace osescan::checks::headers
