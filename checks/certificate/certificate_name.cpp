#include "checks/certificate/certificate_name.hpp"

#include "checks/certificate/served_chain.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "tls.certificate.name";
constexpr size_t k_max_names_in_evidence = 100;  // some certificates carry hundreds of SANs
constexpr size_t k_max_names_in_summary = 5;

nlohmann::json bounded_list(const std::vector<std::string>& names) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < names.size() && i < k_max_names_in_evidence; ++i)
        out.push_back(common::evidence_text(names[i]));
    return out;
}

std::string summary_list(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    std::string out;
    for (size_t i = 0; i < names.size() && i < k_max_names_in_summary; ++i)
        out += (i ? ", " : "") + common::display_text(names[i], 80);
    if (names.size() > k_max_names_in_summary)
        out += " and " + std::to_string(names.size() - k_max_names_in_summary) + " more";
    return out;
}

Finding judge_endpoint(const facts::TargetFacts& facts, const std::string& check_id, const common::TlsEndpoint& at,
                       PkixRule rule) {
    const ServedChain served = served_chain(facts, check_id, at);
    if (served.problem) return *served.problem;
    const facts::TlsHandshake& handshake = *served.handshake;
    const facts::Certificate& leaf = handshake.chain.front();
    const std::string& endpoint = at.label;
    const std::string& host = at.sni;

    nlohmann::json evidence{{"endpoint", endpoint},
                            {"host", host},
                            {"name_matches", handshake.name_matches},
                            {"subject", common::evidence_text(leaf.subject)},
                            {"san_dns", bounded_list(leaf.san_dns)},
                            {"san_ip", bounded_list(leaf.san_ip)},
                            {"san_count", leaf.san_dns.size() + leaf.san_ip.size()}};
    // The engine matched the name (RFC 6125 rules, wildcards included) when it saw the
    // certificate; the check only words the result.
    if (handshake.name_matches)
        return common::conclude(check_id, at.subject, "name-matches", {{"endpoint", endpoint}, {"host", host}},
                                std::move(evidence));
    std::vector<std::string> names = leaf.san_dns;
    names.insert(names.end(), leaf.san_ip.begin(), leaf.san_ip.end());
    return conclude_pkix_failure(facts, check_id, at, rule, "name-mismatch",
                                 {{"endpoint", endpoint}, {"host", host}, {"names", summary_list(names)}},
                                 std::move(evidence));
}

}  // namespace

std::vector<Finding> judge_certificate_name(const facts::TargetFacts& facts, const std::string& check_id,
                                            common::EndpointSource source, PkixRule rule) {
    return judge_served_chains(facts, check_id, source, [&](const common::TlsEndpoint& at) {
        return judge_endpoint(facts, check_id, at, rule);
    });
}

std::vector<Finding> check_certificate_name(const facts::TargetFacts& facts) {
    // The runner skips this check for IP-literal targets (needs_name); should it be called
    // anyway, there is no name to match.
    if (facts.target().is_ip)
        return {common::conclude(k_id, "", "ip-target", {}, {{"host", facts.target().host}})};
    return judge_certificate_name(facts, k_id, common::web_endpoints, nullptr);
}

const Check& certificate_name_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "Certificate matches the name",
            .scored = true,
            .needs_name = true,
            .why = "A certificate only proves identity for the names listed in it (its "
                   "Subject Alternative Names). If the site's name is not among them, "
                   "browsers show a security warning exactly as they would for an impostor, "
                   "and careful clients refuse to connect.",
            .fix = "Request a certificate that lists every name the site is reached by (for "
                   "example both example.com and www.example.com), or a wildcard such as "
                   "*.example.com for the subdomains. Make sure the server block or virtual "
                   "host for this name uses that certificate; with several sites on one "
                   "address, check that the server picks the right one by name (SNI).",
            .snippets = {{"nginx",
                          "server {\n"
                          "    listen 443 ssl;\n"
                          "    server_name example.com www.example.com;\n"
                          "    # certbot certonly -d example.com -d www.example.com\n"
                          "    ssl_certificate     /etc/letsencrypt/live/example.com/fullchain.pem;\n"
                          "    ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;\n"
                          "}"},
                         {"Apache",
                          "<VirtualHost *:443>\n"
                          "    ServerName example.com\n"
                          "    ServerAlias www.example.com\n"
                          "    SSLCertificateFile    /etc/letsencrypt/live/example.com/fullchain.pem\n"
                          "    SSLCertificateKeyFile /etc/letsencrypt/live/example.com/privkey.pem\n"
                          "</VirtualHost>"}},
            .refs = {{"RFC 9525 §6 (service identity verification)",
                      "https://www.rfc-editor.org/rfc/rfc9525#section-6"},
                     {"RFC 6125 §6 (verifying service identity)",
                      "https://www.rfc-editor.org/rfc/rfc6125#section-6"},
                     {"RFC 5280 §4.2.1.6 (Subject Alternative Name)",
                      "https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6"}},
            .facts = {"dns", "tls"},
            .outcomes = with_served_chain_outcomes(
                {{"name-matches", Status::pass, "The certificate of {endpoint} is valid for {host}"},
                 blocking({"name-mismatch", Status::fail, "The certificate of {endpoint} is not valid for {host}; it names: {names}"}),
                 {"ip-target", Status::not_applicable, "The target is an IP address: there is no host name to match"}}),
        },
        check_certificate_name};
    return check;
}

}  // namespace osescan::checks::certificate
