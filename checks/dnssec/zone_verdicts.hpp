#pragma once
// The four DNSSEC verdicts on ONE zone, written for any zone a domain depends on: the
// registered dnssec.* checks call them for the zone of the target host, the mail family
// calls them for the zones of the MX hosts (dnssec.mx.*) with its own check ids.
//
// Every verdict first asks the same batch of facts (zone_requests), all through the
// validating resolver, so that the four checks on a zone cost one round together.

#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "checks/outcome.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::dnssec {

struct ZoneSubject {
    std::string check_id;            // the id the finding carries ("dnssec.valid", "dnssec.mx.valid")
    std::string zone;                // normalised (common::normalise_dns_name), "." for the root
    std::vector<std::string> names;  // host names in the zone whose A/AAAA answers must validate
};

// SOA, DNSKEY, DS, NSEC3PARAM of the zone and A/AAAA of every name (DnsVia::validator).
std::vector<facts::Request> zone_requests(const ZoneSubject& subject);

// dnssec.signed: DNSKEY in the zone and DS at the parent -> pass; unsigned, keys without
// DS, or a chain validators cannot follow -> fail (RFC 4035 §5, RFC 4033 §5).
Finding judge_signed(const facts::TargetFacts& facts, const ZoneSubject& subject);

// dnssec.valid: SOA of the zone and A/AAAA of the names all validate as secure -> pass;
// any bogus -> fail naming the reason and where the chain broke; unsigned zone ->
// not_applicable; signed zone but an answer outside the chain (CNAME into an unsigned
// zone) -> warn.
Finding judge_valid(const facts::TargetFacts& facts, const ZoneSubject& subject);

// dnssec.algorithms: DNSKEY algorithms and DS digest types graded by RFC 8624
// (algorithms.hpp); the worst grade decides. Unsigned zone -> not_applicable.
Finding judge_algorithms(const facts::TargetFacts& facts, const ZoneSubject& subject);

// dnssec.nsec3: NSEC, or NSEC3 with 0 extra iterations and no salt (RFC 9276 §3.1) ->
// pass; 1-100 iterations or a salt -> warn; more than 100 -> fail (RFC 9276 §3.2:
// validators may then treat the zone as insecure). Unsigned zone -> not_applicable.
Finding judge_nsec3(const facts::TargetFacts& facts, const ZoneSubject& subject);

// The outcomes each verdict concludes, declared by every check that applies it (the
// domain's dnssec.* and the MX hosts' dnssec.mx.*).
const std::vector<Outcome>& signed_outcomes();
const std::vector<Outcome>& valid_outcomes();
const std::vector<Outcome>& algorithms_outcomes();
const std::vector<Outcome>& nsec3_outcomes();

}  // namespace osescan::checks::dnssec
