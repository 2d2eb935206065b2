#pragma once
// Reading the validated answers about a zone, shared by the four zone verdicts.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "checks/finding.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::dnssec {

// The validated answer for <type> at <name>.
const facts::Observed<facts::DnsAnswer>& validated_answer(const facts::TargetFacts& facts, const std::string& name,
                                                          const std::string& type);

// A usable answer (NOERROR or NXDOMAIN), or the problem as a ProbeError: the probe's own
// error, or "dns-error" naming another RCODE.
struct ZoneAnswer {
    const facts::DnsAnswer* answer = nullptr;
    std::optional<facts::ProbeError> problem;
};
ZoneAnswer usable_answer(const facts::TargetFacts& facts, const std::string& name, const std::string& type);

// The records of `type` in the answer section owned by `name` (normalised comparison).
std::vector<const facts::DnsRecord*> owned_records(const facts::DnsAnswer& answer, const std::string& name,
                                                   const std::string& type);

// [{"key_tag", "flags", "role", "algorithm", "algorithm_name", "grade"}] of the DNSKEYs;
// [{"key_tag", "algorithm", "algorithm_name", "digest_type", "digest_name", "grade"}] of
// the DS records. Records whose text does not parse are listed as {"unparsed": text}.
nlohmann::json dnskey_evidence(const std::vector<const facts::DnsRecord*>& records);
nlohmann::json ds_evidence(const std::vector<const facts::DnsRecord*>& records);

// "example.com", or "the root zone" for ".".
std::string zone_label(const std::string& zone);

}  // namespace osescan::checks::dnssec
