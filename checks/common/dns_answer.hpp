#pragma once
// An answer is only evidence about a name when the server could answer: NOERROR (data or
// NODATA) and NXDOMAIN say something; SERVFAIL, REFUSED and the rest say only that this
// resolver could not tell (RFC 1035 §4.1.1, RFC 2308). Checks that read records turn such
// an answer into an error ("could not tell"), never into "no records".

#include <string>

#include "facts/target_facts.hpp"

namespace osescan::checks::common {

// The observation itself, or a "dns-error" ProbeError naming `what` (e.g. "AAAA
// www.example.com") and the RCODE when the answer carries any other RCODE.
facts::Observed<facts::DnsAnswer> usable_answer(const facts::Observed<facts::DnsAnswer>& observed,
                                                const std::string& what);

}  // namespace osescan::checks::common
