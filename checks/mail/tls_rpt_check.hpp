#pragma once
// mail.tls_rpt: whether sending mail servers can report TLS failures when delivering to the
// domain (SMTP TLS Reporting, RFC 8460).

#include <vector>

#include "checks/check.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

CheckInfo tls_rpt_info();
std::vector<Finding> check_tls_rpt(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
