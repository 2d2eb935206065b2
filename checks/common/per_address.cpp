#include "checks/common/per_address.hpp"

#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::common {

std::vector<Finding> judge_each_address(const facts::TargetFacts& facts, const std::string& check_id,
                                        const AddressRequests& requests, const AddressJudge& judge) {
    const WebAddresses addresses = web_addresses(facts);
    if (addresses.problem)
        return {probe_error_finding(check_id, "", *addresses.problem, "finding the host's addresses")};

    const std::vector<std::string> all = addresses.all();
    std::vector<facts::Request> batch;
    for (const std::string& address : all) {
        std::vector<facts::Request> needed = requests(address);
        batch.insert(batch.end(), needed.begin(), needed.end());
    }
    facts.need(batch);

    std::vector<Finding> findings;
    findings.reserve(all.size());
    for (const std::string& address : all) findings.push_back(judge(address));
    return findings;
}

}  // namespace osescan::checks::common
