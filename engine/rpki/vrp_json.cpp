#include "engine/rpki/vrp_json.hpp"

#include <algorithm>
#include <string>

#include <simdjson.h>

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

// JSON syntax errors throw at once: after one, the rest of the text cannot be read
// reliably. Messages name the byte offset as the hand-written parser before simdjson did.
[[noreturn]] void syntax_error(size_t at, const std::string& what) {
    throw VrpJsonError("malformed JSON at byte " + std::to_string(at) + ": " + what);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t skip_space(std::string_view text, size_t at) {
    while (at < text.size() && is_space(text[at])) ++at;
    return at;
}

// Where simdjson's stage 1 refused the text, for the message (only on that error path).
size_t first_unescaped_control(std::string_view text) {
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!in_string) in_string = c == '"';
        else if (c == '\\') ++i;
        else if (c == '"') in_string = false;
        else if (c < 0x20) return i;
    }
    return text.size();
}

// The end of the value starting at text[at] ('{' or '['), or npos when the text ends first.
size_t matching_close(std::string_view text, size_t at) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = at; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

// The body of a string token whose escapes are not decoded by simdjson (we do it here to
// keep the messages and rules: no lone surrogates, \u with four hex digits). `at` is the
// opening quote's offset in `text`.
std::string_view decode_escaped(std::string_view text, size_t at, std::string& scratch) {
    size_t pos = at + 1;
    auto hex4 = [&] {
        if (text.size() - pos < 4) syntax_error(pos, "truncated \\u escape");
        uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text[pos++];
            value <<= 4;
            if (c >= '0' && c <= '9') value |= static_cast<uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') value |= static_cast<uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') value |= static_cast<uint32_t>(c - 'A' + 10);
            else syntax_error(pos, "invalid \\u escape");
        }
        return value;
    };
    scratch.clear();
    while (pos < text.size()) {
        const char c = text[pos++];
        if (c == '"') return scratch;
        if (c != '\\') {
            scratch += c;
            continue;
        }
        if (pos >= text.size()) break;
        switch (text[pos++]) {
        case '"': scratch += '"'; break;
        case '\\': scratch += '\\'; break;
        case '/': scratch += '/'; break;
        case 'b': scratch += '\b'; break;
        case 'f': scratch += '\f'; break;
        case 'n': scratch += '\n'; break;
        case 'r': scratch += '\r'; break;
        case 't': scratch += '\t'; break;
        case 'u': {
            uint32_t code_point = hex4();
            if (code_point >= 0xdc00 && code_point <= 0xdfff) syntax_error(pos, "lone low surrogate");
            if (code_point >= 0xd800 && code_point <= 0xdbff) {
                if (text.substr(pos, 2) != "\\u") syntax_error(pos, "lone high surrogate");
                pos += 2;
                const uint32_t low = hex4();
                if (low < 0xdc00 || low > 0xdfff) syntax_error(pos, "invalid surrogate pair");
                code_point = 0x10000 + ((code_point - 0xd800) << 10) + (low - 0xdc00);
            }
            facts::append_utf8(scratch, code_point);
            break;
        }
        default: syntax_error(pos, "invalid escape");
        }
    }
    syntax_error(pos, "unterminated string");
}

// RFC 8259 §6 number grammar on a token; the error is placed at the token's start.
void check_number(std::string_view token, size_t at) {
    size_t i = 0;
    auto digits = [&] {
        const size_t from = i;
        while (i < token.size() && token[i] >= '0' && token[i] <= '9') ++i;
        return i - from;
    };
    if (i < token.size() && token[i] == '-') ++i;
    const size_t int_start = i;
    const size_t int_digits = digits();
    if (int_digits == 0) syntax_error(at, "invalid number");
    if (int_digits > 1 && token[int_start] == '0') syntax_error(at, "number with a leading zero");
    if (i < token.size() && token[i] == '.') {
        ++i;
        if (digits() == 0) syntax_error(at, "invalid number");
    }
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
        if (digits() == 0) syntax_error(at, "invalid number");
    }
    if (i != token.size()) syntax_error(at, "invalid number");
}

// simdjson On-Demand finds the structure (stage 1: SIMD, validates UTF-8 and unescaped
// control characters); this walks it and checks what On-Demand leaves to the reader: the
// grammar of every scalar, including those of skipped members, and the nesting depth.
class JsonWalker {
public:
    explicit JsonWalker(std::string_view text) : m_text(text) {}

    std::string_view text() const { return m_text; }

    // The byte offset of a value that has not been read yet.
    size_t offset(simdjson::ondemand::value& value) {
        const char* location = nullptr;
        if (value.current_location().get(location) != simdjson::SUCCESS) return m_text.size();
        return static_cast<size_t>(location - m_text.data());
    }

    // The value's text, trimmed (On-Demand tokens run up to the next structural character).
    std::string_view token(simdjson::ondemand::value& value, size_t at) {
        std::string_view raw = value.raw_json_token();
        while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
        if (raw.empty()) syntax_error(at, "unexpected end of input");
        return raw;
    }

    // A failed simdjson step: where the document stopped making sense.
    [[noreturn]] void fail(simdjson::error_code error, simdjson::ondemand::document& document) {
        const char* location = nullptr;
        if (document.current_location().get(location) != simdjson::SUCCESS || location == nullptr)
            syntax_error(m_text.size(), "unexpected end of input");
        const size_t at = static_cast<size_t>(location - m_text.data());
        if (at >= m_text.size()) syntax_error(m_text.size(), "unexpected end of input");
        syntax_error(at, simdjson::error_message(error));
    }

    std::string_view read_string(simdjson::ondemand::value& value, size_t at, std::string& scratch) {
        const std::string_view raw = token(value, at);
        if (raw.front() != '"') syntax_error(at, "expected a string");
        // No escape: the body as it is (stage 1 has checked it is UTF-8 without control
        // characters, and that it is terminated).
        if (raw.find('\\') == std::string_view::npos) return raw.substr(1, raw.size() - 2);
        return decode_escaped(m_text, at, scratch);
    }

    // A member name: the same rules as a string.
    std::string_view read_key(simdjson::ondemand::field& field, std::string& scratch) {
        const char* body = field.key().raw();  // just after the opening quote
        const size_t at = static_cast<size_t>(body - m_text.data()) - 1;
        const size_t close = m_text.find('"', at + 1);
        const std::string_view raw = m_text.substr(at + 1, close - at - 1);
        if (raw.find('\\') == std::string_view::npos) return raw;
        return decode_escaped(m_text, at, scratch);
    }

    std::string_view read_number(simdjson::ondemand::value& value, size_t at) {
        const std::string_view raw = token(value, at);
        check_number(raw, at);
        return raw;
    }

    void skip_value(simdjson::ondemand::value value, simdjson::ondemand::document& document, int depth) {
        const size_t at = offset(value);
        if (at >= m_text.size()) syntax_error(m_text.size(), "unexpected end of input");
        if (depth > k_max_json_depth) syntax_error(at, "nesting deeper than " + std::to_string(k_max_json_depth));
        std::string scratch;
        switch (m_text[at]) {
        case '{': {
            simdjson::ondemand::object object;
            if (auto error = value.get_object().get(object)) fail(error, document);
            for (auto member : object) {
                simdjson::ondemand::field field;
                if (auto error = std::move(member).get(field)) fail(error, document);
                read_key(field, scratch);
                skip_value(field.value(), document, depth + 1);
            }
            return;
        }
        case '[': {
            simdjson::ondemand::array array;
            if (auto error = value.get_array().get(array)) fail(error, document);
            for (auto element : array) {
                simdjson::ondemand::value item;
                if (auto error = std::move(element).get(item)) fail(error, document);
                skip_value(item, document, depth + 1);
            }
            return;
        }
        case '"': read_string(value, at, scratch); return;
        case 't':
        case 'f':
        case 'n': {
            const std::string_view word = token(value, at);
            if (word != "true" && word != "false" && word != "null") syntax_error(at, "invalid literal");
            return;
        }
        default:
            if (m_text[at] != '-' && (m_text[at] < '0' || m_text[at] > '9')) syntax_error(at, "unexpected character");
            read_number(value, at);
            return;
        }
    }

private:
    std::string_view m_text;  // simdjson's padded copy of the input
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
        : m_input(text), m_padded(text), m_json(std::string_view(m_padded.data(), m_padded.size())), m_on_entry(on_entry) {}

    VrpFileInfo parse() {
        const std::string_view text = m_json.text();
        const size_t start = skip_space(text, 0);
        if (start == text.size()) syntax_error(start, "unexpected end of input");
        if (text[start] != '{') syntax_error(start, "expected a JSON object with a \"roas\" array");
        if (auto error = m_parser.iterate(m_padded).get(m_document)) stage1_error(error);
        simdjson::ondemand::object root;
        if (auto error = m_document.get_object().get(root)) root_error(error, start);
        bool seen_roas = false;
        for (auto member : root) {
            simdjson::ondemand::field field;
            if (auto error = std::move(member).get(field)) m_json.fail(error, m_document);
            const std::string key(m_json.read_key(field, m_key_scratch));
            simdjson::ondemand::value value = field.value();
            const size_t at = m_json.offset(value);
            if (key == "roas") {
                if (seen_roas) syntax_error(after_colon(at), "duplicate \"roas\" member");
                seen_roas = true;
                parse_roas(value, at);
            } else if (key == "metadata" && at < text.size() && text[at] == '{') {
                parse_metadata(value);
            } else {
                m_json.skip_value(value, m_document, 1);
            }
        }
        // Anything after the root object (a second document, stray text) is an error.
        const char* rest = nullptr;
        if (m_document.current_location().get(rest) == simdjson::SUCCESS && rest != nullptr &&
            rest < text.data() + text.size())
            syntax_error(static_cast<size_t>(rest - text.data()), "data after the JSON object");
        if (!seen_roas) throw VrpJsonError("no \"roas\" array (expected rpki-client or Routinator JSON)");
        if (m_errors.count > 0)
            throw VrpJsonError(std::to_string(m_errors.count) + " malformed VRP entr" +
                               (m_errors.count == 1 ? "y" : "ies") + " (the file is rejected): " + m_errors.first);
        if (m_info.entries == 0) throw VrpJsonError("the \"roas\" array is empty: no VRPs to validate against");
        return m_info;
    }

private:
    // simdjson's stage 1 refused the whole text: say where, as precisely as we can.
    [[noreturn]] void stage1_error(simdjson::error_code error) {
        const std::string_view text = m_json.text();
        switch (error) {
        case simdjson::UNESCAPED_CHARS: syntax_error(first_unescaped_control(text), "control character in a string");
        case simdjson::UNCLOSED_STRING: syntax_error(text.size(), "unterminated string");
        case simdjson::UTF8_ERROR: {
            size_t at = 0;
            while (at < text.size() && facts::decode_utf8(text, at).valid) at += facts::decode_utf8(text, at).length;
            syntax_error(at, "invalid UTF-8");
        }
        default: syntax_error(0, simdjson::error_message(error));
        }
    }

    // The root object could not be opened: On-Demand checks that it ends where the text
    // ends, so it is either cut short or followed by more.
    [[noreturn]] void root_error(simdjson::error_code error, size_t start) {
        const std::string_view text = m_json.text();
        const size_t close = matching_close(text, start);
        if (close == std::string_view::npos) syntax_error(text.size(), "unexpected end of input");
        const size_t rest = skip_space(text, close + 1);
        if (rest < text.size()) syntax_error(rest, "data after the JSON object");
        syntax_error(start, simdjson::error_message(error));
    }

    // The offset just after the ':' before a member's value (the old parser's position).
    size_t after_colon(size_t value_at) const {
        const std::string_view text = m_json.text();
        size_t at = std::min(value_at, text.size());
        while (at > 0 && text[at - 1] != ':') --at;
        return at;
    }

    void parse_roas(simdjson::ondemand::value& value, size_t at) {
        if (at >= m_json.text().size() || m_json.text()[at] != '[') syntax_error(at, "\"roas\" is not an array");
        simdjson::ondemand::array array;
        if (auto error = value.get_array().get(array)) m_json.fail(error, m_document);
        size_t index = 0;
        for (auto element : array) {
            simdjson::ondemand::value entry;
            if (auto error = std::move(element).get(entry)) m_json.fail(error, m_document);
            parse_entry(entry, index++);
        }
    }

    void parse_entry(simdjson::ondemand::value& value, size_t index) {
        const std::string_view text = m_json.text();
        const size_t at = m_json.offset(value);
        if (at >= text.size() || text[at] != '{') {
            m_errors.add(index, "not an object");
            m_json.skip_value(value, m_document, 2);
            return;
        }
        simdjson::ondemand::object object;
        if (auto error = value.get_object().get(object)) m_json.fail(error, m_document);
        std::optional<uint32_t> asn;
        std::optional<IpPrefix> prefix;
        std::optional<int> max_length;
        bool has_asn = false, has_prefix = false, has_max_length = false;
        std::string error;
        auto note = [&](std::string what) {
            if (error.empty()) error = std::move(what);
        };
        for (auto member : object) {
            simdjson::ondemand::field field;
            if (auto e = std::move(member).get(field)) m_json.fail(e, m_document);
            const std::string_view key = m_json.read_key(field, m_key_scratch);
            simdjson::ondemand::value item = field.value();
            const size_t item_at = m_json.offset(item);
            const char c = item_at < text.size() ? text[item_at] : '\0';
            if (key == "asn") {
                if (has_asn) note("duplicate \"asn\"");
                has_asn = true;
                asn = read_asn(item, item_at, note);
            } else if (key == "prefix") {
                if (has_prefix) note("duplicate \"prefix\"");
                has_prefix = true;
                if (c != '"') {
                    note("\"prefix\" is not a string");
                    m_json.skip_value(item, m_document, 3);
                    continue;
                }
                const std::string_view prefix_text = m_json.read_string(item, item_at, m_value_scratch);
                prefix = facts::parse_ip_prefix(prefix_text, /*allow_host_bits=*/false);
                if (!prefix) note("\"prefix\" " + quoted(prefix_text) + " is not an IP prefix without host bits");
            } else if (key == "maxLength") {
                if (has_max_length) note("duplicate \"maxLength\"");
                has_max_length = true;
                if (c != '-' && (c < '0' || c > '9')) {
                    note("\"maxLength\" is not a number");
                    m_json.skip_value(item, m_document, 3);
                    continue;
                }
                const std::string_view number = m_json.read_number(item, item_at);
                const auto parsed = parse_decimal(number, 128);
                if (parsed) max_length = static_cast<int>(*parsed);
                else note("\"maxLength\" " + quoted(number) + " is not an integer from 0 to 128");
            } else {
                m_json.skip_value(item, m_document, 3);
            }
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
    std::optional<uint32_t> read_asn(simdjson::ondemand::value& value, size_t at, Note& note) {
        const std::string_view text = m_json.text();
        const char c = at < text.size() ? text[at] : '\0';
        if (c == '"') {
            const std::string_view asn_text = m_json.read_string(value, at, m_value_scratch);
            std::string_view digits = asn_text;
            if (digits.size() >= 2 && (digits[0] == 'A' || digits[0] == 'a') && (digits[1] == 'S' || digits[1] == 's'))
                digits.remove_prefix(2);
            const auto parsed = parse_decimal(digits, UINT32_MAX);
            if (!parsed) note("\"asn\" " + quoted(asn_text) + " is not an AS number");
            if (!parsed) return std::nullopt;
            return static_cast<uint32_t>(*parsed);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            const std::string_view number = m_json.read_number(value, at);
            const auto parsed = parse_decimal(number, UINT32_MAX);
            if (!parsed) note("\"asn\" " + quoted(number) + " is not an AS number");
            if (!parsed) return std::nullopt;
            return static_cast<uint32_t>(*parsed);
        }
        m_json.skip_value(value, m_document, 3);
        note("\"asn\" is neither a string nor a number");
        return std::nullopt;
    }

    void parse_metadata(simdjson::ondemand::value& value) {
        const std::string_view text = m_json.text();
        simdjson::ondemand::object object;
        if (auto error = value.get_object().get(object)) m_json.fail(error, m_document);
        std::optional<int64_t> iso_time;
        for (auto member : object) {
            simdjson::ondemand::field field;
            if (auto error = std::move(member).get(field)) m_json.fail(error, m_document);
            const std::string key(m_json.read_key(field, m_key_scratch));
            simdjson::ondemand::value item = field.value();
            const size_t at = m_json.offset(item);
            const char c = at < text.size() ? text[at] : '\0';
            if (key == "generated" && c >= '0' && c <= '9') {
                const auto parsed = parse_decimal(m_json.read_number(item, at), 1ULL << 40);
                if (parsed) m_info.generated = static_cast<int64_t>(*parsed);
            } else if ((key == "buildtime" || key == "generatedTime") && c == '"') {
                if (auto t = parse_iso8601_utc(m_json.read_string(item, at, m_value_scratch))) iso_time = t;
            } else {
                m_json.skip_value(item, m_document, 2);
            }
        }
        if (!m_info.generated) m_info.generated = iso_time;
    }

    std::string_view m_input;
    simdjson::padded_string m_padded;  // On-Demand reads a little past the end: a padded copy
    JsonWalker m_json;
    simdjson::ondemand::parser m_parser;
    simdjson::ondemand::document m_document;
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
