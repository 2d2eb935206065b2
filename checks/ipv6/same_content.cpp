// ipv6.web.same_content (ipv6_verdicts.hpp): a visitor must get the same site whichever
// family their connection uses. Two servers that drift apart (an old server left on the
// IPv6 address, a default page of a load balancer, a missing virtual host) show IPv6
// users something else, and it goes unnoticed because the site owner uses IPv4.
//
// Compared per public IPv6 address with the first IPv4 address that answered: the HTTPS
// response to the same request (common::https_first, shared with the https checks):
//   - same status, same Location for redirects, bodies similar (body_similarity.hpp,
//     >= 0.9) -> pass;
//   - a 4xx/5xx status on one side only -> warn (an error page where the other side works:
//     often a transient or a host-name configuration gap rather than a different site);
//   - any other difference -> fail;
//   - no IPv6, or no IPv4 to compare with (an IPv6-only site) -> not_applicable.
#include <cmath>
#include <cstdio>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"
#include "checks/ipv6/body_similarity.hpp"
#include "checks/ipv6/ipv6_verdicts.hpp"
#include "checks/ipv6/name_server_addresses.hpp"

namespace osescan::checks::ipv6 {

namespace {

constexpr const char* k_id = "ipv6.web.same_content";

bool is_error_status(int status) { return status >= 400 && status <= 599; }
bool is_redirect(int status) { return status >= 300 && status <= 399; }

std::string location_of(const facts::HttpResponse& response) {
    const facts::HttpHeader* header = response.header("Location");
    return header ? header->value : std::string();
}

std::string two_decimals(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

nlohmann::json response_evidence(const std::string& address, const facts::HttpResponse& response) {
    nlohmann::json out{{"address", address},
                       {"status", response.status},
                       {"body_bytes", response.body_bytes},
                       {"body_truncated", response.body_truncated},
                       {"body_sha256", response.body_sha256}};
    if (is_redirect(response.status)) out["location"] = common::evidence_text(location_of(response));
    return out;
}

Finding compare(const std::string& address, const facts::HttpResponse& v6, const std::string& v4_address,
                const facts::HttpResponse& v4) {
    const double similarity = v6.body_sha256 == v4.body_sha256 && !v6.body_sha256.empty() &&
                                      v6.body_truncated == v4.body_truncated
                                  ? 1.0
                                  : body_similarity(v6.body, v4.body);
    nlohmann::json evidence{{"ipv6", response_evidence(address, v6)},
                            {"ipv4", response_evidence(v4_address, v4)},
                            {"similarity", std::round(similarity * 1000) / 1000},
                            {"threshold", k_same_content_threshold},
                            {"measure", "Jaccard similarity of word 3-shingles, digits removed"}};
    const nlohmann::json params{{"ipv6_status", v6.status},
                                {"ipv4_status", v4.status},
                                {"ipv6_location", common::display_text(location_of(v6), 100)},
                                {"ipv4_location", common::display_text(location_of(v4), 100)},
                                {"similarity", two_decimals(similarity)},
                                {"threshold", two_decimals(k_same_content_threshold)}};
    if (v6.status != v4.status) {
        if (is_error_status(v6.status) != is_error_status(v4.status))
            return common::conclude(k_id, address, "error-status-one-side", params, std::move(evidence));
        return common::conclude(k_id, address, "different-status", params, std::move(evidence));
    }
    if (is_redirect(v6.status) && location_of(v6) != location_of(v4))
        return common::conclude(k_id, address, "different-redirect", params, std::move(evidence));
    if (similarity < k_same_content_threshold)
        return common::conclude(k_id, address, "different-content", params, std::move(evidence));
    return common::conclude(k_id, address, "same-content", params, std::move(evidence));
}

}  // namespace

std::vector<Finding> check_same_content(const facts::TargetFacts& facts) {
    const common::WebAddresses addresses = common::web_addresses(facts);
    if (addresses.problem)
        return {common::probe_error_finding(k_id, "", *addresses.problem, "finding the host's addresses")};
    std::vector<std::string> v6;
    std::vector<NotPublic> not_public;
    sort_ipv6(facts, addresses.v6, v6, not_public);
    if (v6.empty())
        return {common::conclude(k_id, "", "no-ipv6", {{"host", facts.target().host}})};
    if (addresses.v4.empty()) return {common::conclude(k_id, "", "ipv6-only", {{"host", facts.target().host}})};

    std::vector<facts::Request> batch;
    for (const std::string& address : addresses.v4) batch.push_back(common::https_first(facts, address));
    for (const std::string& address : v6) batch.push_back(common::https_first(facts, address));
    facts.need(batch);

    const facts::HttpResponse* reference = nullptr;
    std::string reference_address;
    for (const std::string& address : addresses.v4) {
        const auto& response = facts.http(common::https_first(facts, address));
        if (response.ok()) {
            reference = &response.value();
            reference_address = address;
            break;
        }
    }
    if (reference == nullptr) {
        const auto& first = facts.http(common::https_first(facts, addresses.v4.front()));
        return {common::probe_error_finding(k_id, "", first.error(),
                                            "the HTTPS request over IPv4 (needed for the comparison) to " +
                                                common::address_port(addresses.v4.front(), facts.target().port))};
    }

    std::vector<Finding> findings;
    for (const std::string& address : v6) {
        const auto& response = facts.http(common::https_first(facts, address));
        if (!response.ok()) {
            findings.push_back(common::probe_error_finding(
                k_id, address, response.error(),
                "the HTTPS request over IPv6 to " + common::address_port(address, facts.target().port)));
            continue;
        }
        findings.push_back(compare(address, response.value(), reference_address, *reference));
    }
    return findings;
}

}  // namespace osescan::checks::ipv6
