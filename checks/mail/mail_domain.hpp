#pragma once
// What the mail checks share about the scanned domain: its MX set (RFC 5321 §5.1, null MX
// RFC 7505) and reading TXT records as receivers do (strings concatenated, RFC 7208 §3.3).

#include <optional>
#include <string>
#include <vector>

#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

facts::DnsRequest dns_request(const std::string& name, const std::string& type);

// The stub answer for <name, type>, with SERVFAIL/REFUSED/... turned into a "dns-error"
// (common::usable_answer): a receiver that gets SERVFAIL retries later (SPF temperror,
// RFC 7208 §2.6.6; DMARC RFC 7489 §6.6.3), it does not read "no record".
facts::Observed<facts::DnsAnswer> lookup(const facts::TargetFacts& facts, const std::string& name,
                                         const std::string& type);

// Each TXT record of the answer as one string (its character-strings concatenated).
std::vector<std::string> txt_strings(const facts::DnsAnswer& answer);

std::string lower_name(std::string name);  // ASCII lower case, trailing dot removed

}  // namespace osescan::checks::mail
