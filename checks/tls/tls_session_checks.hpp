#pragma once
// The tls.* checks that need a full OpenSSL session with the server (the `tls-behaviour`
// facts, facts/tls_behaviour.hpp): tls.client_renegotiation and tls.zero_rtt. Both ask the
// `versions` scan first, so that a server without the versions they concern is
// not_applicable without a probe, and then one behaviour fact per address.

#include "checks/check.hpp"

namespace osescan::checks::tls {

const Check& tls_client_renegotiation_check();
const Check& tls_zero_rtt_check();

std::vector<Finding> check_tls_client_renegotiation(const facts::TargetFacts& facts);
std::vector<Finding> check_tls_zero_rtt(const facts::TargetFacts& facts);

// The one way both checks build a tls-behaviour request (so a replay finds the fact).
facts::TlsBehaviourRequest behaviour_request(const facts::TargetFacts& facts, const std::string& address,
                                             const std::string& aspect);

}  // namespace osescan::checks::tls
