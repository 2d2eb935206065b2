#pragma once
// The TLS endpoints of the mail.tls.* checks: every address of the first
// k_max_smtp_mx_hosts MX hosts, port 25 after STARTTLS (RFC 3207), SNI = the MX host name,
// the certificate from the SMTP conversation mail.starttls asks for (shared facts).
//
// An address whose conversation offered no STARTTLS (or refused it) has no TLS to judge:
// not_applicable "no-starttls", pointing at mail.starttls, which fails it. Not `error`: we
// can tell (the server said so), and not a fail: one missing STARTTLS is one failure, counted
// once, as tls.ciphers does with tls.version's "no TLS". A conversation that did not
// complete (greylisting, timeout) is `error` with the server's words.

#include <string>
#include <vector>

#include "checks/common/tls_endpoints.hpp"
#include "checks/outcome.hpp"

namespace osescan::checks::mail {

common::TlsEndpoints mx_tls_endpoints(const facts::TargetFacts& facts, const std::string& check_id);

// The outcomes mx_tls_endpoints concludes on a check's behalf: every mail.tls.* check
// declares them.
const std::vector<Outcome>& mx_endpoint_outcomes();

}  // namespace osescan::checks::mail
