#pragma once
// mail.starttls: whether mail to the domain can travel encrypted: every address of every
// MX host offers STARTTLS (RFC 3207) and completes a TLS handshake after it.

#include <vector>

#include "checks/check.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

// internet.nl's bound: a domain's first 10 MX hosts (by preference) are talked to; the
// others are listed as not checked.
inline constexpr size_t k_max_smtp_mx_hosts = 10;

CheckInfo starttls_info();
std::vector<Finding> check_starttls(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
