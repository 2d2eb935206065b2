#pragma once
// SPF record syntax (RFC 7208 §4.5, §4.6, §5, §6, §7): a total parser for the text of one
// `v=spf1` TXT record. Records come from untrusted DNS: the parser never throws, does
// linear work and bounds its input and output (k_spf_max_chars, k_spf_max_terms).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace osescan::checks::mail {

inline constexpr size_t k_spf_max_chars = 16384;
inline constexpr size_t k_spf_max_terms = 512;

enum class SpfQualifier { pass, fail, softfail, neutral };  // "+", "-", "~", "?" (§4.6.2)
enum class SpfMechanismKind { all, include, a, mx, ptr, ip4, ip6, exists };

struct SpfMechanism {
    SpfQualifier qualifier = SpfQualifier::pass;
    SpfMechanismKind kind = SpfMechanismKind::all;
    std::string domain_spec;  // include/a/mx/ptr/exists; "" = the current domain (a, mx, ptr)
    std::string network;      // ip4/ip6: the address as written
    int cidr4 = -1;           // ip4, a, mx: prefix length, -1 = not given (/32)
    int cidr6 = -1;           // ip6, a, mx: prefix length, -1 = not given (/128)
};

struct SpfModifier {
    std::string name;   // lower case
    std::string value;
};

struct SpfRecord {
    std::vector<SpfMechanism> mechanisms;
    std::optional<std::string> redirect;   // §6.1
    std::optional<std::string> exp;        // §6.2
    std::vector<SpfModifier> unknown_modifiers;  // ignored by receivers (§6)
};

struct SpfParse {
    std::optional<SpfRecord> record;  // set when the record is valid
    std::string error;                // why not, for people
    size_t position = 0;              // byte offset of the offending term
};

// "v=spf1" followed by a space or the end, case-insensitively (§4.5): the TXT records a
// receiver selects. Other TXT records are ignored.
bool is_spf_record(std::string_view txt);

std::string_view qualifier_symbol(SpfQualifier qualifier);
std::string_view mechanism_name(SpfMechanismKind kind);

// A macro-string (§7.1). `explanation` allows the c, r and t letters (exp= text only).
// Returns "" when valid, else the reason.
std::string macro_string_error(std::string_view text, bool explanation = false);
// A domain-spec (§7.1: macro-string followed by a domain-end). "" when valid.
std::string domain_spec_error(std::string_view text);
bool has_macros(std::string_view domain_spec);

SpfParse parse_spf(std::string_view text);

}  // namespace osescan::checks::mail
