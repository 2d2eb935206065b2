// ipv6.web.reachable (ipv6_verdicts.hpp): an AAAA that does not lead to the web server is
// worse than none. Browsers try IPv6 first and fall back to IPv4 only after a delay
// (Happy Eyeballs, RFC 6555 / RFC 8305: 250 ms to seconds), other clients (curl, apps,
// crawlers) often never fall back, and IPv6-only clients have nothing else.
//
// Judged from the facts the https checks gather anyway (no extra probes): the default TLS
// handshake on the HTTPS port and the first plain-HTTP request on port 80, per public IPv6
// address, compared with the same probes over IPv4:
//   - a connection the server accepted (a TLS handshake that completed or was answered
//     with an alert, any HTTP response, even an oversized or malformed one) = reachable;
//   - refused / unreachable = not reachable -> fail;
//   - timeout: not reachable (fail) if the same port answered over IPv4; if it timed out
//     over IPv4 too, the server is silent on both families and this check cannot tell
//     (error) - except on port 80 when the HTTPS port works over IPv6: then the host is
//     reachable over IPv6 and the slowness is the server's;
//   - port 80 is required only when some IPv4 address accepts connections on it (a site
//     may serve HTTPS only; https.redirect judges that).
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"
#include "checks/ipv6/ipv6_verdicts.hpp"
#include "checks/ipv6/name_server_addresses.hpp"

namespace osescan::checks::ipv6 {

namespace {

constexpr const char* k_id = "ipv6.web.reachable";

enum class Reach { reachable, unreachable, timeout, unknown };

const char* reach_name(Reach reach) {
    switch (reach) {
        case Reach::reachable: return "reachable";
        case Reach::unreachable: return "unreachable";
        case Reach::timeout: return "timeout";
        case Reach::unknown: return "unknown";
    }
    return "unknown";
}

Reach from_error(const facts::ProbeError& error) {
    namespace pe = facts::probe_error;
    if (error.kind == pe::connection_refused || error.kind == pe::unreachable) return Reach::unreachable;
    if (error.kind == pe::timeout) return Reach::timeout;
    // The server accepted the connection and then misbehaved: reachable over this family.
    if (error.kind == pe::connection_reset || error.kind == pe::tls_handshake_error || error.kind == pe::http_error ||
        error.kind == pe::too_large)
        return Reach::reachable;
    return Reach::unknown;  // deadline, internal, not recorded, client-unsupported: cannot tell
}

template <class T>
Reach reach_of(const facts::Observed<T>& observed) {
    return observed.ok() ? Reach::reachable : from_error(observed.error());
}

struct PortResult {
    Reach reach = Reach::unknown;
    std::string detail;  // probe error detail (untrusted) or ""
};

template <class T>
PortResult port_result(const facts::Observed<T>& observed) {
    PortResult out{reach_of(observed), ""};
    if (!observed.ok()) out.detail = observed.error().kind + ": " + observed.error().detail;
    return out;
}

}  // namespace

std::vector<Finding> check_web_reachable(const facts::TargetFacts& facts) {
    const common::WebAddresses addresses = common::web_addresses(facts);
    if (addresses.problem)
        return {common::probe_error_finding(k_id, "", *addresses.problem, "finding the host's addresses")};
    std::vector<std::string> v6;
    std::vector<NotPublic> not_public;
    sort_ipv6(facts, addresses.v6, v6, not_public);
    if (v6.empty())
        return {common::conclude(k_id, "", "no-ipv6", {{"host", facts.target().host}},
                                 nlohmann::json{{"ipv6_not_public", not_public_evidence(not_public)}})};

    std::vector<facts::Request> batch;
    for (const std::string& address : addresses.v4) {
        batch.push_back(common::default_tls(facts, address));
        batch.push_back(common::http_first(facts, address));
    }
    for (const std::string& address : v6) {
        batch.push_back(common::default_tls(facts, address));
        batch.push_back(common::http_first(facts, address));
    }
    facts.need(batch);

    bool v4_https = false, v4_http = false;
    for (const std::string& address : addresses.v4) {
        v4_https = v4_https || reach_of(facts.tls(common::default_tls(facts, address))) == Reach::reachable;
        v4_http = v4_http || reach_of(facts.http(common::http_first(facts, address))) == Reach::reachable;
    }
    const uint16_t https_port = facts.target().port;

    std::vector<Finding> findings;
    for (const std::string& address : v6) {
        const PortResult https = port_result(facts.tls(common::default_tls(facts, address)));
        const PortResult http = port_result(facts.http(common::http_first(facts, address)));
        nlohmann::json evidence{{"address", address},
                                {"https_port", https_port},
                                {"https", reach_name(https.reach)},
                                {"http", reach_name(http.reach)},
                                {"ipv4_https_reachable", v4_https},
                                {"ipv4_http_reachable", v4_http},
                                {"port80_required", v4_http}};
        if (!https.detail.empty()) evidence["https_detail"] = common::evidence_text(https.detail);
        if (!http.detail.empty()) evidence["http_detail"] = common::evidence_text(http.detail);

        std::vector<std::string> failures;
        std::vector<std::string> unknowns;
        const std::string https_endpoint = common::address_port(address, https_port);
        const std::string http_endpoint = common::address_port(address, 80);
        switch (https.reach) {
            case Reach::reachable: break;
            case Reach::unreachable: failures.push_back(https_endpoint + " refuses or cannot be reached"); break;
            case Reach::timeout:
                if (v4_https) failures.push_back(https_endpoint + " times out while IPv4 answers");
                else unknowns.push_back(https_endpoint + " times out, as over IPv4");
                break;
            case Reach::unknown: unknowns.push_back(https_endpoint + ": " + https.detail); break;
        }
        switch (http.reach) {
            case Reach::reachable: break;
            case Reach::unreachable:
                if (v4_http) failures.push_back(http_endpoint + " refuses or cannot be reached while IPv4 answers");
                break;
            case Reach::timeout:
                if (v4_http) failures.push_back(http_endpoint + " times out while IPv4 answers");
                else if (https.reach != Reach::reachable) unknowns.push_back(http_endpoint + " times out, as over IPv4");
                break;
            case Reach::unknown: unknowns.push_back(http_endpoint + ": " + http.detail); break;
        }

        if (!failures.empty()) {
            std::string list;
            for (size_t i = 0; i < failures.size(); ++i) list += (i ? "; " : "") + failures[i];
            evidence["failures"] = failures;
            findings.push_back(
                common::conclude(k_id, address, "ipv6-unreachable", {{"failures", list}}, std::move(evidence)));
        } else if (!unknowns.empty()) {
            evidence["unknown"] = common::evidence_text(unknowns.front());
            findings.push_back(common::conclude(k_id, address, "cannot-tell",
                                                {{"what", common::display_text(unknowns.front(), 200)}},
                                                std::move(evidence)));
        } else {
            const char* port80 = http.reach == Reach::reachable ? " and port 80"
                                 : http.reach == Reach::timeout ? " (port 80 times out, as over IPv4)"
                                                                : " (nothing on port 80, as over IPv4)";
            findings.push_back(common::conclude(k_id, address, "ipv6-reachable", {{"port", https_port}, {"port80", port80}},
                                                std::move(evidence)));
        }
    }
    return findings;
}

}  // namespace osescan::checks::ipv6
