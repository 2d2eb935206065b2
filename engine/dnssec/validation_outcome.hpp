#pragma once
// What libunbound reports for one query, as plain data, and its translation into a fact.
//
// Kept apart from the asynchronous machinery (unbound_validator.cpp) so that the mapping
// of every case (error, SERVFAIL without a validation failure, bogus with data, malformed
// packet) is one total function that tests can feed directly.

#include <cstdint>
#include <span>
#include <string>

#include "facts/facts.hpp"

namespace osescan::engine::dnssec {

// The validator's reason text is the remote side's names quoted by unbound: bounded.
inline constexpr size_t k_max_why_bogus_bytes = 2048;

struct ValidationOutcome {
    int error = 0;                        // ub_callback err (UB_NOERROR = 0)
    std::string error_text;               // ub_strerror(error) when error != 0
    int rcode = 0;                        // ub_result::rcode
    bool secure = false;
    bool bogus = false;
    std::string why_bogus;                // "" when unbound gave none
    std::span<const uint8_t> packet;      // ub_result::answer_packet (may be empty)
};

// - error != 0: ProbeError "dns-error" (the resolver itself failed);
// - SERVFAIL that is not a validation failure (no server answered, lame delegation, ...):
//   ProbeError "dns-error" - nothing was learnt about DNSSEC, so it is no "insecure";
// - otherwise a DnsAnswer from the packet (answer + authority, RRSIGs and NSEC/NSEC3
//   included), rcode from the result, security "secure" / "bogus" (with why_bogus) /
//   "insecure". A bogus answer keeps its records: they are what the zone published.
// - a packet the DNS parser rejects: ProbeError "dns-error".
facts::Observed<facts::DnsAnswer> to_observed(const ValidationOutcome& outcome);

}  // namespace osescan::engine::dnssec
