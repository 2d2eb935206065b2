#pragma once
// The addresses of the MX hosts the SMTP checks talk to: the first k_max_smtp_mx_hosts by
// preference (internet.nl's bound), each host's A and AAAA asked in one round. Shared by
// mail.starttls and the mail.tls.* checks, so they ask the same lookups and list the same
// hosts as not checked.

#include <string>
#include <vector>

#include "checks/common/mx_hosts.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

// internet.nl's bound: a domain's first 10 MX hosts (by preference) are talked to; the
// others are listed as not checked.
inline constexpr size_t k_max_smtp_mx_hosts = 10;

struct MxAddress {
    std::string host;
    std::string address;
};

struct MxLookupError {
    std::string host;
    std::string type;  // "A", "AAAA"
    facts::ProbeError error;
};

struct MxAddresses {
    std::vector<MxAddress> addresses;          // host by host, A before AAAA
    std::vector<std::string> no_address;       // hosts with neither A nor AAAA
    std::vector<MxLookupError> lookup_errors;  // could not tell
    std::vector<std::string> not_checked;      // hosts beyond k_max_smtp_mx_hosts
};

MxAddresses mx_addresses(const facts::TargetFacts& facts, const common::MailHosts& hosts);

// The "not checked" finding for `outcome` (its text takes {count}, {limit} and {hosts}),
// subject the domain; call only when `not_checked` is not empty.
Finding not_checked_finding(const std::string& check_id, const std::string& outcome, const facts::TargetFacts& facts,
                            const std::vector<std::string>& not_checked);

// The finding subject and evidence name of one MX address: "mx.example.com [2001:db8::1]".
std::string mx_subject(const std::string& host, const std::string& address);

}  // namespace osescan::checks::mail
