#pragma once
// CAA resource records (RFC 8659) read from their presentation form in the facts, and the
// grammars of the property values a CA has to understand: issue / issuewild (RFC 8659
// §4.2, §4.3), iodef (§4.4), issuemail (RFC 9495 §3), contactemail / contactphone (CA/B
// Forum Baseline Requirements, Appendix A.1). Pure code on untrusted DNS data: every
// function is total, and what it keeps is bounded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace osescan::checks::certificate {

inline constexpr size_t k_caa_max_parameters = 32;  // per issue value, more is a syntax error
inline constexpr size_t k_caa_max_value_bytes = 4096;

// One CAA record: flags, tag and value as bytes (RFC 8659 §4.1).
struct CaaProperty {
    uint8_t flags = 0;
    std::string tag;    // as received (case kept); matching is case-insensitive (§4.1)
    std::string value;  // raw bytes, unescaped
    // §4.1: bit 0 (0x80) is the Issuer Critical flag; a CA that does not understand a
    // critical property must not issue.
    bool critical() const { return (flags & 0x80) != 0; }
};

// The record's data as the facts hold it (engine/dns/rdata_format: `0 issue "ca.example"`
// with RFC 1035 §5.1 escapes in the quoted value, or the RFC 3597 generic form
// `\# <length> <HEX>` for RDATA the engine could not format). nullopt = not a CAA RDATA.
std::optional<CaaProperty> parse_caa_data(std::string_view data);

// The value of issue / issuewild / issuemail (RFC 8659 §4.2 grammar). An empty issuer
// domain (";" alone or nothing) means "no CA may issue".
struct CaaIssueValue {
    std::string issuer;                                           // "" = nobody
    std::vector<std::pair<std::string, std::string>> parameters;  // tag, value
};
struct CaaIssueParse {
    std::optional<CaaIssueValue> value;
    std::string error;  // set when `value` is not
};
CaaIssueParse parse_caa_issue_value(std::string_view value);

// What a property is: a tag this code knows the grammar of, or not.
enum class CaaTagKind { issue, issuewild, issuemail, iodef, contactemail, contactphone, unknown };
CaaTagKind caa_tag_kind(std::string_view tag);  // case-insensitive (§4.1)

// The syntax problem of one property ("" when the value fits its tag's grammar; unknown
// tags have no grammar and give ""). Also checks the tag itself (§4.1: 1 to 15 letters or
// digits) and the reserved flag bits (§4.1: records MUST clear every bit but 0x80).
std::string caa_property_error(const CaaProperty& property);

}  // namespace osescan::checks::certificate
