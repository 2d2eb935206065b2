#include "checks/https/hsts_header.hpp"

#include <limits>
#include <set>

namespace osescan::checks::https {

namespace {

// tchar (RFC 2616 §2.2 token, restated as RFC 9110 §5.6.2): visible ASCII except separators.
bool is_token_char(unsigned char c) {
    if (c >= '0' && c <= '9') return true;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    switch (c) {
        case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
        case '-': case '.': case '^': case '_': case '`': case '|': case '~':
            return true;
        default:
            return false;
    }
}

bool is_lws(unsigned char c) { return c == ' ' || c == '\t'; }

// qdtext and the second byte of a quoted-pair: HTAB, SP, visible ASCII, obs-text; no CTLs.
bool is_quoted_text_char(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The remote side's bytes, made safe and short for a one-line message.
std::string quote(std::string_view text) {
    constexpr size_t k_max_quoted = 40;
    std::string out = "'";
    for (size_t i = 0; i < text.size() && i < k_max_quoted; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            static const char* const k_hex = "0123456789abcdef";
            out += "\\x";
            out += k_hex[c >> 4];
            out += k_hex[c & 0xf];
        }
    }
    if (text.size() > k_max_quoted) out += "...";
    return out + "'";
}

class Parser {
public:
    explicit Parser(std::string_view value) : m_value(value) {}

    HstsParseResult parse() {
        HstsParseResult result;
        bool have_max_age = false;
        std::set<std::string> seen;
        while (true) {
            skip_lws();
            if (at_end()) break;
            // Empty directives between ';' are allowed by `[ directive ] *( ";" [ directive ] )`.
            if (peek() == ';') {
                ++m_pos;
                continue;
            }
            const size_t directive_start = m_pos;
            const std::string_view name = take_token();
            if (name.empty())
                return fail("syntax", "expected a directive name at " + quote(rest()));
            const std::string key = lower(name);
            skip_lws();

            bool has_value = false;
            std::string value;
            if (!at_end() && peek() == '=') {
                ++m_pos;
                skip_lws();
                has_value = true;
                if (!at_end() && peek() == '"') {
                    const QuotedString quoted = take_quoted_string(value);
                    if (quoted == QuotedString::unterminated)
                        return fail("unterminated-quoted-string",
                                    "quoted value of " + quote(name) + " is not terminated: " +
                                        quote(m_value.substr(directive_start)));
                    if (quoted == QuotedString::control_character)
                        return fail("control-character",
                                    "quoted value of " + quote(name) +
                                        " contains a control character: " +
                                        quote(m_value.substr(directive_start)));
                } else {
                    value = std::string(take_token());
                    if (value.empty())
                        return fail("empty-value", "directive " + quote(name) +
                                                       " has '=' but no value");
                }
                skip_lws();
            }
            if (!at_end() && peek() != ';')
                return fail("syntax", "expected ';' after directive " + quote(name) + " at " +
                                          quote(rest()));

            // §6.1 item 3: directive names are case-insensitive; item 2: each at most once.
            if (!seen.insert(key).second)
                return fail("duplicate-directive", "directive " + quote(name) +
                                                       " appears more than once (RFC 6797 §6.1)");
            if (key == "max-age") {
                if (!has_value)
                    return fail("max-age-without-value", "max-age has no value");
                if (!parse_delta_seconds(value, result.policy))
                    return fail("max-age-not-a-number",
                                "max-age value " + quote(value) +
                                    " is not delta-seconds (digits only, no sign or decimals)");
                have_max_age = true;
            } else if (key == "includesubdomains" || key == "preload") {
                // §6.1.2: includeSubDomains is valueless; preload (hstspreload.org) likewise.
                if (has_value)
                    return fail("directive-takes-no-value",
                                "directive " + quote(name) + " takes no value, got " + quote(value));
                (key == "preload" ? result.policy.preload : result.policy.include_subdomains) = true;
            } else {
                // §6.1 item 5: unrecognised directives are ignored.
                constexpr size_t k_max_kept = 16;
                if (result.policy.ignored_directives.size() < k_max_kept)
                    result.policy.ignored_directives.push_back(std::string(name.substr(0, 64)));
            }
        }
        // §6.1.1: max-age is REQUIRED.
        if (!have_max_age) return fail("max-age-missing", "the required max-age directive is missing");
        result.valid = true;
        return result;
    }

private:
    bool at_end() const { return m_pos >= m_value.size(); }
    unsigned char peek() const { return static_cast<unsigned char>(m_value[m_pos]); }
    std::string_view rest() const { return m_value.substr(m_pos); }

    void skip_lws() {
        while (!at_end() && is_lws(peek())) ++m_pos;
    }

    std::string_view take_token() {
        const size_t start = m_pos;
        while (!at_end() && is_token_char(peek())) ++m_pos;
        return m_value.substr(start, m_pos - start);
    }

    enum class QuotedString { ok, unterminated, control_character };

    // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; `out` gets the unescaped text.
    QuotedString take_quoted_string(std::string& out) {
        ++m_pos;  // opening quote
        while (!at_end()) {
            const unsigned char c = peek();
            if (c == '"') {
                ++m_pos;
                return QuotedString::ok;
            }
            if (c == '\\') {
                if (m_pos + 1 >= m_value.size()) return QuotedString::unterminated;
                const auto escaped = static_cast<unsigned char>(m_value[m_pos + 1]);
                if (!is_quoted_text_char(escaped)) return QuotedString::control_character;
                out += static_cast<char>(escaped);
                m_pos += 2;
                continue;
            }
            if (!is_quoted_text_char(c)) return QuotedString::control_character;
            out += static_cast<char>(c);
            ++m_pos;
        }
        return QuotedString::unterminated;
    }

    // delta-seconds = 1*DIGIT (RFC 2616 §3.3.2); values beyond uint64 saturate.
    static bool parse_delta_seconds(const std::string& text, HstsPolicy& policy) {
        if (text.empty()) return false;
        uint64_t seconds = 0;
        bool saturated = false;
        for (const char c : text) {
            if (c < '0' || c > '9') return false;
            const auto digit = static_cast<uint64_t>(c - '0');
            if (saturated) continue;
            if (seconds > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
                seconds = std::numeric_limits<uint64_t>::max();
                saturated = true;
                continue;
            }
            seconds = seconds * 10 + digit;
        }
        policy.max_age = seconds;
        policy.max_age_saturated = saturated;
        return true;
    }

    static HstsParseResult fail(std::string code, std::string message) {
        HstsParseResult result;
        result.error = HstsSyntaxError{std::move(code), std::move(message)};
        return result;
    }

    std::string_view m_value;
    size_t m_pos = 0;
};

}  // namespace

HstsParseResult parse_hsts_header(std::string_view value) { return Parser(value).parse(); }

}  // namespace osescan::checks::https
