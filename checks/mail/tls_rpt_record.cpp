#include "checks/mail/tls_rpt_record.hpp"

#include "checks/mail/record_text.hpp"

namespace osescan::checks::mail {

namespace {

constexpr std::string_view k_version = "v=TLSRPTv1";

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// tlsrpt-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
bool valid_ext_name(std::string_view name) {
    if (name.empty() || name.size() > 32 || !(is_alpha(name[0]) || is_digit(name[0]))) return false;
    for (char c : name)
        if (!(is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.')) return false;
    return true;
}

// tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E): printable, no "=", ";" or space.
bool valid_ext_value(std::string_view value) {
    if (value.empty()) return false;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x21 || u > 0x7e || c == '=' || c == ';') return false;
    }
    return true;
}

// One tlsrpt-uri: a URI (RFC 3986) of the schemes §3 supports, "mailto" with an address and
// "https" with a host. Printable ASCII only; commas and "!" must be percent-encoded.
std::string uri_problem(std::string_view uri) {
    if (uri.empty()) return "empty URI";
    for (char c : uri) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '!') return "invalid character in URI";
    }
    const size_t colon = uri.find(':');
    if (colon == std::string_view::npos || colon == 0) return "not a URI (no scheme)";
    const std::string scheme = lowered(uri.substr(0, colon));
    const std::string_view rest = uri.substr(colon + 1);
    if (scheme == "mailto") {
        const size_t at = rest.find('@');
        if (at == 0 || at == std::string_view::npos || at + 1 >= rest.size()) return "mailto: URI without an address";
        return "";
    }
    if (scheme == "https") {
        if (rest.substr(0, 2) != "//" || rest.size() <= 2 || rest[2] == '/') return "https: URI without a host";
        return "";
    }
    return "unsupported URI scheme \"" + std::string(uri.substr(0, std::min<size_t>(colon, 20))) +
           "\" (RFC 8460 §3: mailto or https)";
}

}  // namespace

bool is_tls_rpt_record(std::string_view txt) {
    if (txt.substr(0, k_version.size()) != k_version) return false;
    const std::string_view rest = trim(txt.substr(k_version.size()));
    return rest.empty() || rest[0] == ';';
}

TlsRptParse parse_tls_rpt(std::string_view text) {
    TlsRptParse out;
    auto fail = [&](std::string error) {
        out.record.reset();
        out.error = std::move(error);
        return out;
    };
    if (text.size() > k_tls_rpt_max_chars) return fail("record too long");
    if (!is_tls_rpt_record(text)) return fail("does not begin with \"v=TLSRPTv1\"");
    TlsRptRecord record;
    bool rua_seen = false;
    // Past the version and its field-delim (is_tls_rpt_record: only a ";" may follow it).
    size_t start = text.find(';', k_version.size());
    start = start == std::string_view::npos ? text.size() : start + 1;
    while (start < text.size()) {
        const size_t semi = text.find(';', start);
        const std::string_view field =
            trim(text.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
        start = semi == std::string_view::npos ? text.size() : semi + 1;
        if (field.empty()) {
            // Only the version may be followed directly by the end or one trailing ";".
            if (semi != std::string_view::npos && start < text.size() && !trim(text.substr(start)).empty())
                return fail("empty field");
            continue;
        }
        const size_t eq = field.find('=');
        if (eq == std::string_view::npos) return fail("field without \"=\"");
        const std::string_view name = field.substr(0, eq);
        const std::string_view value = field.substr(eq + 1);
        if (name == "rua") {  // %s"rua=": case-sensitive, no space before "="
            if (rua_seen) return fail("rua= given twice");
            rua_seen = true;
            size_t from = 0;
            while (from <= value.size()) {
                const size_t comma = value.find(',', from);
                const std::string_view uri =
                    trim(value.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from));
                if (std::string problem = uri_problem(uri); !problem.empty()) return fail("rua=: " + problem);
                if (record.rua.size() >= k_tls_rpt_max_uris) return fail("rua=: too many URIs");
                record.rua.emplace_back(uri);
                if (comma == std::string_view::npos) break;
                from = comma + 1;
            }
        } else if (name == "v") {
            return fail("\"v\" given twice");
        } else {
            if (!valid_ext_name(name)) return fail("invalid field name");
            if (!valid_ext_value(value)) return fail("invalid value of field \"" + std::string(name) + "\"");
            if (record.extensions.size() < 16) record.extensions.emplace_back(name);
        }
    }
    if (!rua_seen) return fail("no rua= field (required)");
    out.record = std::move(record);
    return out;
}

}  // namespace osescan::checks::mail
