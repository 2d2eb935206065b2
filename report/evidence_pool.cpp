#include "report/evidence_pool.hpp"

#include <string>
#include <unordered_map>

namespace osescan::report {

namespace {
using nlohmann::json;
using Counts = std::unordered_map<std::string, int>;

// Object keys are sorted (nlohmann::json's default map), so equal values dump equal.
std::string canonical(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// Counts every object or array below `value` that is large enough to pool.
void count_values(const json& value, Counts& counts) {
    for (const json& child : value) {
        if (!child.is_structured() || child.empty()) continue;
        const std::string key = canonical(child);
        if (key.size() < k_pool_min_bytes) continue;  // nothing inside it is larger
        ++counts[key];
        count_values(child, counts);
    }
}

// Counts each value as often as the report will write it: a value that repeats is written
// once (its pool entry), so what is inside it is counted once, not once per copy; otherwise
// a certificate inside a chain that repeats would be pooled though written only once.
void count_written(const json& value, const Counts& everywhere, Counts& written) {
    for (const json& child : value) {
        if (!child.is_structured() || child.empty()) continue;
        const std::string key = canonical(child);
        if (key.size() < k_pool_min_bytes) continue;
        const int n = ++written[key];
        if (everywhere.at(key) < 2 || n == 1) count_written(child, everywhere, written);
    }
}

// Top-down: a repeated value is pooled whole, then what is inside its pool entry is pooled
// in turn (the same certificate's identity inside the chain lists of several checks).
void replace_values(json& value, const Counts& counts, std::unordered_map<std::string, std::size_t>& ids,
                    json& pool) {
    for (json& child : value) {
        if (!child.is_structured() || child.empty()) continue;
        const std::string key = canonical(child);
        if (key.size() < k_pool_min_bytes) continue;
        const auto seen = counts.find(key);
        if (seen == counts.end() || seen->second < 2) {
            replace_values(child, counts, ids, pool);
            continue;
        }
        const auto [id, added] = ids.try_emplace(key, pool.size());
        if (added) {
            pool.push_back(nullptr);  // first-use order: the index is taken before those inside it
            json entry = child;
            replace_values(entry, counts, ids, pool);
            pool[id->second] = std::move(entry);
        }
        child = json{{"$pool", id->second}};
    }
}
}  // namespace

json pool_repeated_evidence(json& findings) {
    Counts everywhere;
    for (const json& finding : findings)
        if (finding.contains("evidence")) count_values(finding["evidence"], everywhere);
    Counts counts;
    for (const json& finding : findings)
        if (finding.contains("evidence")) count_written(finding["evidence"], everywhere, counts);
    json pool = json::array();
    std::unordered_map<std::string, std::size_t> ids;
    for (json& finding : findings)
        if (finding.contains("evidence")) replace_values(finding["evidence"], counts, ids, pool);
    return pool;
}

}  // namespace osescan::report
