#include "cli/plan_order.hpp"

#include <string>
#include <unordered_map>

namespace osescan::cli {

namespace {
// Every member of facts::Target, so that equal keys mean equal targets (its operator==).
std::string target_key(const facts::Target& t) {
    std::string key;
    for (const std::string* part : {&t.input, &t.host, &t.path}) key += std::to_string(part->size()) + ":" + *part;
    return key + (t.is_ip ? "ip:" : "name:") + std::to_string(t.port);
}
}  // namespace

void sort_by_plan_order(std::vector<checks::TargetResult>& results, const std::vector<facts::Target>& order) {
    std::unordered_map<std::string, size_t> position;
    position.reserve(order.size());
    for (size_t i = 0; i < order.size(); ++i) position.emplace(target_key(order[i]), i);  // the first one stays

    // A counting sort on the positions (order.size() = not in the plan): stable, linear.
    std::vector<size_t> slot_of(results.size());
    std::vector<size_t> start(order.size() + 2, 0);
    for (size_t r = 0; r < results.size(); ++r) {
        const auto it = position.find(target_key(results[r].target));
        slot_of[r] = it == position.end() ? order.size() : it->second;
        ++start[slot_of[r] + 1];
    }
    for (size_t s = 1; s < start.size(); ++s) start[s] += start[s - 1];
    std::vector<checks::TargetResult> sorted(results.size());
    for (size_t r = 0; r < results.size(); ++r) sorted[start[slot_of[r]]++] = std::move(results[r]);
    results = std::move(sorted);
}

}  // namespace osescan::cli
