// libFuzzer target: the MTA-STS record and policy parsers must be total on any bytes, and
// bounded; the mx matcher must not fault on what the policy parser accepts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checks/mail/mta_sts_policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace osescan::checks::mail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const MtaStsRecordParse record = parse_mta_sts_record(text);
    if (record.record && (record.record->id.empty() || record.record->id.size() > 32)) std::abort();
    const MtaStsPolicyParse policy = parse_mta_sts_policy(text);
    if (policy.policy) {
        if (policy.policy->mx.size() > k_mta_sts_max_mx || policy.policy->max_age > k_mta_sts_max_age_limit)
            std::abort();
        for (const auto& pattern : policy.policy->mx) (void)mta_sts_mx_matches(pattern, "mx.example.com");
    } else if (policy.error.empty()) {
        std::abort();
    }
    return 0;
}
