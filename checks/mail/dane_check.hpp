#pragma once
// mail.dane: DANE for SMTP (RFC 7672): every MX host publishes DNSSEC-signed TLSA records at
// _25._tcp.<mx> with a DANE-TA(2) or DANE-EE(3) record that matches the certificate chain
// every one of its addresses serves after STARTTLS.

#include <vector>

#include "checks/check.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

CheckInfo dane_info();
std::vector<Finding> check_dane(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
