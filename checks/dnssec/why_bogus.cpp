#include "checks/dnssec/why_bogus.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace osescan::checks::dnssec {

namespace {

struct Category {
    std::string_view code;
    std::array<std::string_view, 6> keys;  // lower-case substrings of unbound's reason
    std::string_view plain;
};

// Checked in order: the first category with a matching key wins (the more specific ones
// come first: "missing verification of DNSKEY signature" is about algorithms, not about
// missing signatures).
constexpr std::array<Category, 10> k_categories{{
    {"algorithm-missing",
     {"missing verification of dnskey signature", "no signatures with algorithm", "", "", "", ""},
     "the keys are not signed with every algorithm the DS records at the parent announce"},
    {"signature-expired", {"signature expired", "", "", "", "", ""}, "the signatures have expired"},
    {"signature-not-yet-valid",
     {"before inception", "", "", "", "", ""},
     "the signatures are not valid yet (their inception date is in the future)"},
    {"signature-dates-invalid",
     {"inception after expiration", "", "", "", "", ""},
     "the signatures' validity period is invalid (inception after expiration)"},
    {"ds-mismatch",
     {"ds hash mismatch", "mismatches key", "no keys have a ds", "did not match a ds", "ds rrset by hash",
      "match any usable ds"},
     "the DS record at the parent matches no DNSKEY of the zone"},
    {"missing-dnskey",
     {"no dnskey", "missing dnskey", "dnskey rrset missing", "", "", ""},
     "the zone publishes no DNSKEY records although its parent has a DS record for it"},
    {"missing-signatures",
     {"no signatures", "signature missing", "rrsig missing", "missing rrsig", "no rrsig", "not signed"},
     "the records are not signed (their RRSIG records are missing)"},
    {"bad-signature",
     {"signature crypto failed", "crypto failed", "bad signature", "signature failed", "bogus signature", ""},
     "a signature does not verify (a wrong key, or the data changed after signing)"},
    {"unknown-key",
     {"unknown key", "wrong keytag", "signer name mismatches", "signatures from unknown keys", "no valid key",
      ""},
     "the records are signed with a key the zone does not publish"},
    {"denial-of-existence",
     {"nsec", "denial", "nxdomain proof", "nodata proof", "wildcard", ""},
     "the proof that a name or record does not exist (NSEC/NSEC3) does not validate"},
}};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

std::string strip_dot(std::string_view name) {
    if (name.size() > 1 && name.back() == '.') name.remove_suffix(1);
    return std::string(name);
}

// The token after `marker` in `text` (up to a space or the end), or "".
std::string token_after(std::string_view text, std::string_view marker) {
    const size_t at = text.find(marker);
    if (at == std::string_view::npos) return "";
    std::string_view rest = text.substr(at + marker.size());
    const size_t end = rest.find(' ');
    return std::string(rest.substr(0, end));
}

bool looks_like_address(std::string_view token) {
    if (token.empty() || token.size() > 64) return false;
    return std::all_of(token.begin(), token.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.' ||
               c == '@' || c == '#';
    });
}

// Where " from <address>" starts in `text` (unbound's errinf_origin), or text.size(). Only
// an address counts: "signatures from unknown keys" is part of a reason.
size_t from_address(std::string_view text) {
    constexpr std::string_view k_from = " from ";
    for (size_t at = text.find(k_from); at != std::string_view::npos; at = text.find(k_from, at + 1)) {
        std::string_view rest = text.substr(at + k_from.size());
        if (looks_like_address(rest.substr(0, rest.find(' ')))) return at;
    }
    return text.size();
}

}  // namespace

BogusReason parse_why_bogus(std::string_view text) {
    if (text.size() > k_max_why_bogus) text = text.substr(0, k_max_why_bogus);
    BogusReason out;
    constexpr std::string_view k_failure = "validation failure <";

    // The failed query: the first "<name type class>".
    if (const size_t start = text.find(k_failure); start != std::string_view::npos) {
        const size_t open = start + k_failure.size();
        const size_t close = text.find('>', open);
        if (close != std::string_view::npos) {
            const std::string_view inside = text.substr(open, close - open);
            const size_t space = inside.find(' ');
            out.query_name = strip_dot(inside.substr(0, space));
            if (space != std::string_view::npos) {
                const std::string_view rest = inside.substr(space + 1);
                out.query_type = std::string(rest.substr(0, rest.find(' ')));
            }
        }
    }

    // The cause: after the innermost "validation failure <...>:".
    std::string_view cause = text;
    if (const size_t last = text.rfind(k_failure); last != std::string_view::npos) {
        const size_t colon = text.find(">:", last);
        if (colon != std::string_view::npos) cause = text.substr(colon + 2);
    }
    cause = trim(cause);
    size_t cut = from_address(cause);
    for (std::string_view marker : {" for key ", " for DS ", " for <", " while building", " and "})
        cut = std::min(cut, cause.find(marker));
    out.detail = std::string(trim(cause.substr(0, cut)));
    if (out.detail.empty()) out.detail = std::string(trim(text));

    // Where it broke: the key that could not be trusted.
    for (std::string_view marker : {"key for validation ", "for key ", "for DS "}) {
        if (std::string zone = token_after(text, marker); !zone.empty()) {
            out.zone = strip_dot(zone);
            break;
        }
    }
    if (const size_t at = from_address(cause); at != cause.size())
        out.server = token_after(cause.substr(at), " from ");

    const std::string detail = lower(out.detail);
    for (const Category& category : k_categories) {
        const bool matches = std::any_of(category.keys.begin(), category.keys.end(), [&](std::string_view key) {
            return !key.empty() && detail.find(key) != std::string::npos;
        });
        if (matches) {
            out.category = std::string(category.code);
            out.plain = std::string(category.plain);
            return out;
        }
    }
    out.category = "other";
    out.plain = "the validator rejected the answer (" + out.detail + ")";
    return out;
}

}  // namespace osescan::checks::dnssec
