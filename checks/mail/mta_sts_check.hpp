#pragma once
// mail.mta_sts: whether sending mail servers find an MTA-STS policy (RFC 8461) that makes
// them insist on authenticated TLS to every MX host of the domain.

#include <optional>
#include <vector>

#include "checks/check.hpp"
#include "checks/mail/mta_sts_policy.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::mail {

CheckInfo mta_sts_info();
std::vector<Finding> check_mta_sts(const facts::TargetFacts& facts);

// The domain's MTA-STS policy as a sender finds it (RFC 8461 §3): exactly one valid
// _mta-sts TXT record, then the same valid policy from every address of mta-sts.<domain>
// with a WebPKI certificate. `policy` is set when both are found; otherwise `ended` is
// mail.mta_sts's verdict: no usable policy (a sender applies none, §3.1, §3.3), or an
// `error` finding when it could not tell. The requests are mail.mta_sts's (shared facts).
struct MtaStsDiscovery {
    std::optional<MtaStsPolicy> policy;
    std::optional<Finding> ended;
    nlohmann::json evidence;
};
MtaStsDiscovery discover_mta_sts(const facts::TargetFacts& facts);

}  // namespace osescan::checks::mail
