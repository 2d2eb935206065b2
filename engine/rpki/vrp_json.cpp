#include "engine/rpki/vrp_json.hpp"

#include <array>
#include <string>

#include "facts/utf8.hpp"

namespace osescan::engine::rpki {

namespace {

using facts::IpPrefix;

std::string quoted(std::string_view text) {
    constexpr size_t k_max = 64;  // the text is untrusted and may be huge
    std::string out = "\"";
    for (char c : text.substr(0, k_max)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (text.size() > k_max) out += "...";
    return out + "\"";
}

// Decimal digits only, at most 10 of them, value <= max.
std::optional<uint64_t> parse_decimal(std::string_view text, uint64_t max) {
    if (text.empty() || text.size() > 10) return std::nullopt;
    uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    if (value > max) return std::nullopt;
    return value;
}

// RFC 8259 JSON, read in one pass. Syntax errors throw at once: after one the rest of the
// text cannot be read reliably.
class JsonReader {
public:
    explicit JsonReader(std::string_view text) : m_text(text) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw VrpJsonError("malformed JSON at byte " + std::to_string(m_pos) + ": " + what);
    }

    void skip_whitespace() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            ++m_pos;
        }
    }
    bool at_end() {
        skip_whitespace();
        return m_pos >= m_text.size();
    }
    char peek() {
        skip_whitespace();
        if (m_pos >= m_text.size()) fail("unexpected end of input");
        return m_text[m_pos];
    }
    bool try_consume(char c) {
        if (peek() != c) return false;
        ++m_pos;
        return true;
    }
    void expect(char c) {
        if (!try_consume(c)) fail(std::string("expected '") + c + "'");
    }

    // The string's content; `scratch` holds it when escapes had to be decoded.
    std::string_view read_string(std::string& scratch) {
        expect('"');
        const size_t start = m_pos;
        // One table lookup per byte: this loop is most of the parse time.
        static constexpr auto k_stops = [] {
            std::array<bool, 256> stops{};
            for (int c = 0; c < 0x20; ++c) stops[static_cast<size_t>(c)] = true;
            stops['"'] = stops['\\'] = true;
            return stops;
        }();
        const char* const data = m_text.data();
        const size_t size = m_text.size();
        while (m_pos < size && !k_stops[static_cast<unsigned char>(data[m_pos])]) ++m_pos;
        if (m_pos >= size) fail("unterminated string");
        const char c = data[m_pos];
        if (c == '"') return m_text.substr(start, m_pos++ - start);
        if (c == '\\') return read_escaped_string(start, scratch);
        fail("control character in a string");
    }

    // The number's text, checked against the RFC 8259 §6 grammar.
    std::string_view read_number() {
        skip_whitespace();
        const size_t start = m_pos;
        auto digits = [&] {
            const size_t from = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') ++m_pos;
            return m_pos - from;
        };
        auto fail_at_start = [&](const char* what) {
            m_pos = start;
            fail(what);
        };
        if (m_pos < m_text.size() && m_text[m_pos] == '-') ++m_pos;
        const size_t int_start = m_pos;
        const size_t int_digits = digits();
        if (int_digits == 0) fail_at_start("invalid number");
        if (int_digits > 1 && m_text[int_start] == '0') fail_at_start("number with a leading zero");
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            if (digits() == 0) fail_at_start("invalid number");
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
            if (digits() == 0) fail_at_start("invalid number");
        }
        return m_text.substr(start, m_pos - start);
    }

    void skip_value(int depth) {
        if (depth > k_max_json_depth) fail("nesting deeper than " + std::to_string(k_max_json_depth));
        std::string scratch;
        switch (peek()) {
        case '{':
            ++m_pos;
            if (try_consume('}')) return;
            do {
                read_string(scratch);
                expect(':');
                skip_value(depth + 1);
            } while (try_consume(','));
            expect('}');
            return;
        case '[':
            ++m_pos;
            if (try_consume(']')) return;
            do skip_value(depth + 1);
            while (try_consume(','));
            expect(']');
            return;
        case '"':
            read_string(scratch);
            return;
        case 't': read_literal("true"); return;
        case 'f': read_literal("false"); return;
        case 'n': read_literal("null"); return;
        default:
            if (m_text[m_pos] != '-' && (m_text[m_pos] < '0' || m_text[m_pos] > '9')) fail("unexpected character");
            read_number();
            return;
        }
    }

private:
    void read_literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word) fail("invalid literal");
        m_pos += word.size();
    }

    uint32_t read_hex4() {
        if (m_text.size() - m_pos < 4) fail("truncated \\u escape");
        uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            value <<= 4;
            if (c >= '0' && c <= '9') value |= static_cast<uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') value |= static_cast<uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') value |= static_cast<uint32_t>(c - 'A' + 10);
            else fail("invalid \\u escape");
        }
        return value;
    }

    std::string_view read_escaped_string(size_t start, std::string& scratch) {
        scratch.assign(m_text.substr(start, m_pos - start));
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"') return scratch;
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
            if (c != '\\') {
                scratch += c;
                continue;
            }
            if (m_pos >= m_text.size()) break;
            const char e = m_text[m_pos++];
            switch (e) {
            case '"': scratch += '"'; break;
            case '\\': scratch += '\\'; break;
            case '/': scratch += '/'; break;
            case 'b': scratch += '\b'; break;
            case 'f': scratch += '\f'; break;
            case 'n': scratch += '\n'; break;
            case 'r': scratch += '\r'; break;
            case 't': scratch += '\t'; break;
            case 'u': {
                uint32_t code_point = read_hex4();
                if (code_point >= 0xdc00 && code_point <= 0xdfff) fail("lone low surrogate");
                if (code_point >= 0xd800 && code_point <= 0xdbff) {
                    if (m_text.substr(m_pos, 2) != "\\u") fail("lone high surrogate");
                    m_pos += 2;
                    const uint32_t low = read_hex4();
                    if (low < 0xdc00 || low > 0xdfff) fail("invalid surrogate pair");
                    code_point = 0x10000 + ((code_point - 0xd800) << 10) + (low - 0xdc00);
                }
                facts::append_utf8(scratch, code_point);
                break;
            }
            default: fail("invalid escape");
            }
        }
        fail("unterminated string");
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

// One malformed entry: parsing goes on (to count them) but the file is rejected.
struct EntryErrors {
    size_t count = 0;
    std::string first;
    void add(size_t index, const std::string& what) {
        if (count < k_max_reported_entry_errors)
            first += (first.empty() ? "" : "; ") + std::string("roas[") + std::to_string(index) + "]: " + what;
        ++count;
    }
};

class VrpFileParser {
public:
    VrpFileParser(std::string_view text, const std::function<void(const VrpEntry&)>& on_entry)
        : m_json(text), m_on_entry(on_entry) {}

    VrpFileInfo parse() {
        if (m_json.peek() != '{') m_json.fail("expected a JSON object with a \"roas\" array");
        m_json.expect('{');
        bool seen_roas = false;
        if (!m_json.try_consume('}')) {
            do {
                std::string scratch;
                const std::string key(m_json.read_string(scratch));
                m_json.expect(':');
                if (key == "roas") {
                    if (seen_roas) m_json.fail("duplicate \"roas\" member");
                    seen_roas = true;
                    parse_roas();
                } else if (key == "metadata" && m_json.peek() == '{') {
                    parse_metadata();
                } else {
                    m_json.skip_value(1);
                }
            } while (m_json.try_consume(','));
            m_json.expect('}');
        }
        if (!m_json.at_end()) m_json.fail("data after the JSON object");
        if (!seen_roas) throw VrpJsonError("no \"roas\" array (expected rpki-client or Routinator JSON)");
        if (m_errors.count > 0)
            throw VrpJsonError(std::to_string(m_errors.count) + " malformed VRP entr" +
                               (m_errors.count == 1 ? "y" : "ies") + " (the file is rejected): " + m_errors.first);
        if (m_info.entries == 0) throw VrpJsonError("the \"roas\" array is empty: no VRPs to validate against");
        return m_info;
    }

private:
    void parse_roas() {
        if (m_json.peek() != '[') m_json.fail("\"roas\" is not an array");
        m_json.expect('[');
        if (m_json.try_consume(']')) return;
        size_t index = 0;
        do parse_entry(index++);
        while (m_json.try_consume(','));
        m_json.expect(']');
    }

    void parse_entry(size_t index) {
        if (m_json.peek() != '{') {
            m_errors.add(index, "not an object");
            m_json.skip_value(2);
            return;
        }
        m_json.expect('{');
        std::optional<uint32_t> asn;
        std::optional<IpPrefix> prefix;
        std::optional<int> max_length;
        bool has_asn = false, has_prefix = false, has_max_length = false;
        std::string error;
        auto note = [&](std::string what) {
            if (error.empty()) error = std::move(what);
        };
        if (!m_json.try_consume('}')) {
            do {
                const std::string_view key = m_json.read_string(m_key_scratch);
                m_json.expect(':');
                if (key == "asn") {
                    if (has_asn) note("duplicate \"asn\"");
                    has_asn = true;
                    asn = read_asn(note);
                } else if (key == "prefix") {
                    if (has_prefix) note("duplicate \"prefix\"");
                    has_prefix = true;
                    if (m_json.peek() != '"') {
                        note("\"prefix\" is not a string");
                        m_json.skip_value(3);
                        continue;
                    }
                    const std::string_view text = m_json.read_string(m_value_scratch);
                    prefix = facts::parse_ip_prefix(text, /*allow_host_bits=*/false);
                    if (!prefix) note("\"prefix\" " + quoted(text) + " is not an IP prefix without host bits");
                } else if (key == "maxLength") {
                    if (has_max_length) note("duplicate \"maxLength\"");
                    has_max_length = true;
                    const char c = m_json.peek();
                    if (c != '-' && (c < '0' || c > '9')) {
                        note("\"maxLength\" is not a number");
                        m_json.skip_value(3);
                        continue;
                    }
                    const std::string_view text = m_json.read_number();
                    const auto value = parse_decimal(text, 128);
                    if (value) max_length = static_cast<int>(*value);
                    else note("\"maxLength\" " + quoted(text) + " is not an integer from 0 to 128");
                } else {
                    m_json.skip_value(3);
                }
            } while (m_json.try_consume(','));
            m_json.expect('}');
        }
        if (error.empty() && !has_asn) note("no \"asn\"");
        if (error.empty() && !has_prefix) note("no \"prefix\"");
        if (error.empty() && prefix && max_length &&
            (*max_length < prefix->length || *max_length > prefix->address.bits()))
            note("maxLength " + std::to_string(*max_length) + " outside /" + std::to_string(prefix->length) +
                 " to /" + std::to_string(prefix->address.bits()));
        if (!error.empty()) {
            m_errors.add(index, error);
            return;
        }
        if (m_errors.count > 0) return;  // the file is rejected anyway: stop handing out entries
        m_on_entry(VrpEntry{*prefix, max_length ? *max_length : prefix->length, *asn});
        ++m_info.entries;
    }

    template <class Note>
    std::optional<uint32_t> read_asn(Note& note) {
        const char c = m_json.peek();
        if (c == '"') {
            std::string_view text = m_json.read_string(m_value_scratch);
            std::string_view digits = text;
            if (digits.size() >= 2 && (digits[0] == 'A' || digits[0] == 'a') && (digits[1] == 'S' || digits[1] == 's'))
                digits.remove_prefix(2);
            const auto value = parse_decimal(digits, UINT32_MAX);
            if (!value) note("\"asn\" " + quoted(text) + " is not an AS number");
            if (!value) return std::nullopt;
            return static_cast<uint32_t>(*value);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            const std::string_view text = m_json.read_number();
            const auto value = parse_decimal(text, UINT32_MAX);
            if (!value) note("\"asn\" " + quoted(text) + " is not an AS number");
            if (!value) return std::nullopt;
            return static_cast<uint32_t>(*value);
        }
        note("\"asn\" is neither a string nor a number");
        m_json.skip_value(3);
        return std::nullopt;
    }

    void parse_metadata() {
        m_json.expect('{');
        if (m_json.try_consume('}')) return;
        std::optional<int64_t> iso_time;
        do {
            const std::string key(m_json.read_string(m_key_scratch));
            m_json.expect(':');
            const char c = m_json.peek();
            if (key == "generated" && c >= '0' && c <= '9') {
                const auto value = parse_decimal(m_json.read_number(), 1ULL << 40);
                if (value) m_info.generated = static_cast<int64_t>(*value);
            } else if ((key == "buildtime" || key == "generatedTime") && c == '"') {
                if (auto t = parse_iso8601_utc(m_json.read_string(m_value_scratch))) iso_time = t;
            } else {
                m_json.skip_value(2);
            }
        } while (m_json.try_consume(','));
        m_json.expect('}');
        if (!m_info.generated) m_info.generated = iso_time;
    }

    JsonReader m_json;
    const std::function<void(const VrpEntry&)>& m_on_entry;
    VrpFileInfo m_info;
    EntryErrors m_errors;
    std::string m_key_scratch;
    std::string m_value_scratch;
};

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
    // H. Hinnant's days_from_civil (proleptic Gregorian).
    year -= month <= 2 ? 1 : 0;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int64_t year_of_era = year - era * 400;
    const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

}  // namespace

VrpFileInfo parse_vrp_json(std::string_view text, const std::function<void(const VrpEntry&)>& on_entry) {
    return VrpFileParser(text, on_entry).parse();
}

std::vector<VrpEntry> parse_vrp_json(std::string_view text, VrpFileInfo* info) {
    std::vector<VrpEntry> entries;
    const VrpFileInfo parsed = parse_vrp_json(text, [&](const VrpEntry& e) { entries.push_back(e); });
    if (info) *info = parsed;
    return entries;
}

std::optional<int64_t> parse_iso8601_utc(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00)
    if (text.size() < 20) return std::nullopt;
    auto number = [&](size_t at, size_t len) { return parse_decimal(text.substr(at, len), 9999); };
    const auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const auto hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
    if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
        text[16] != ':')
        return std::nullopt;
    if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    std::string_view rest = text.substr(19);
    if (!rest.empty() && rest[0] == '.') {
        size_t i = 1;
        while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
        if (i == 1) return std::nullopt;
        rest.remove_prefix(i);
    }
    if (rest != "Z" && rest != "z" && rest != "+00:00") return std::nullopt;
    return days_from_civil(static_cast<int64_t>(*year), static_cast<unsigned>(*month), static_cast<unsigned>(*day)) *
               86400 +
           static_cast<int64_t>(*hour * 3600 + *minute * 60 + *second);
}

}  // namespace osescan::engine::rpki
