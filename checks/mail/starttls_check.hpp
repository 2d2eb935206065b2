#pragma once
// mail.starttls: whether mail to the domain can travel encrypted: every address of every
// MX host offers STARTTLS (RFC 3207) and completes a TLS handshake after it.

#include <vector>

#include "checks/check.hpp"
#include "checks/mail/mx_addresses.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

CheckInfo starttls_info();
std::vector<Finding> check_starttls(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
