#pragma once
// The validator's reason for a bogus answer (facts::DnsAnswer::why_bogus, unbound's text)
// turned into plain words and the zone where the chain of trust broke.
//
// unbound writes (validator/val_utils.c, util/module.c errinf_to_str_bogus):
//   validation failure <www.example. A IN>: signature expired from 198.51.100.53 for key
//   example. while building chain of trust
// and, when a key already failed for an earlier query, nests the earlier failure:
//   validation failure <www.example. A IN>: key for validation example. is marked as
//   invalid because of a previous validation failure <example. DNSKEY IN>: signature
//   expired from 198.51.100.53 while building chain of trust
// The innermost reason is the cause; "for key Z" / "key for validation Z" / "for DS Z"
// name the zone whose keys could not be trusted. The parser is total and bounded: any
// text gives a result (category "other" and the text itself when nothing is recognised).

#include <string>
#include <string_view>

namespace osescan::checks::dnssec {

inline constexpr size_t k_max_why_bogus = 2048;  // longer text is cut before parsing

struct BogusReason {
    std::string query_name;  // "<name type class>" of the failed query, no trailing dot
    std::string query_type;
    std::string detail;      // unbound's own short reason, e.g. "signature expired"
    std::string category;    // stable code, see why_bogus.cpp (k_categories)
    std::string plain;       // the reason in plain words
    std::string zone;        // where the chain broke (no trailing dot), "" if not named
    std::string server;      // the server the failing data came from, "" if not named
};

BogusReason parse_why_bogus(std::string_view text);

}  // namespace osescan::checks::dnssec
