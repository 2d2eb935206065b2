#pragma once
// The MX set of the target domain (RFC 5321 §5.1, null MX RFC 7505): read by the mail
// checks, and the list of mail hosts whose zones (dnssec.mx.*), addresses (ipv6.mx.*) and
// routes (rpki.mx.*) other families judge. One MX lookup serves them all.

#include <optional>
#include <string>
#include <vector>

#include "checks/finding.hpp"
#include "checks/outcome.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::common {

inline constexpr size_t k_max_mx_hosts = 16;  // an MX set is untrusted input

struct MxHost {
    int preference = 0;
    std::string host;  // lower case, no trailing dot; "." for a null MX
};

struct MxSet {
    std::vector<MxHost> hosts;
    bool nxdomain = false;
    bool null_mx = false;  // a single "0 ." record (RFC 7505 §3)
};

// Parses "10 mx.example.com" records; malformed ones are skipped.
MxSet mx_set(const facts::DnsAnswer& answer);

// The MX request of the target host (stub resolver).
facts::DnsRequest mx_request(const facts::TargetFacts& facts);

// The mail hosts other families judge: distinct names, by preference, "." left out.
struct MailHosts {
    std::vector<std::string> names;
    // Set when there is nothing to judge: the reason, for a not_applicable finding
    // (null MX, no MX records, the domain does not exist).
    std::optional<std::string> none_because;
    std::string none_reason;  // none_because without the leading domain name
    std::optional<facts::ProbeError> problem;  // the MX lookup failed (timeout, SERVFAIL, ...)
};

MailHosts find_mail_hosts(const facts::TargetFacts& facts);

// The finding a per-MX-host check gives when find_mail_hosts found nothing to judge
// (k_no_mail_hosts_outcome, which every check calling it declares) or could not tell
// (error); nullopt when there are hosts to judge.
inline const Outcome k_no_mail_hosts_outcome{"no-mail-hosts", Status::not_applicable, "{domain} {reason}"};

std::optional<Finding> mail_hosts_verdict(const std::string& check_id, const facts::TargetFacts& facts,
                                          const MailHosts& hosts);

}  // namespace osescan::checks::common
