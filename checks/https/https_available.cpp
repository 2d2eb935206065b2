#include "checks/https/https_available.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::https {

namespace {

constexpr const char* k_id = "https.available";

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const uint16_t port = facts.target().port;
    const std::string endpoint = common::address_port(address, port);
    nlohmann::json evidence{{"endpoint", endpoint}, {"port", port}};

    const auto& handshake = facts.tls(common::default_tls(facts, address));
    if (!handshake.ok()) {
        if (handshake.error().kind == facts::probe_error::connection_refused) {
            evidence["probe_error"] = handshake.error().kind;
            evidence["detail"] = common::evidence_text(handshake.error().detail);
            return common::conclude(k_id, address, "no-https",
                                    {{"reason", "nothing accepts connections on " + endpoint}}, std::move(evidence));
        }
        return common::probe_error_finding(k_id, address, handshake.error(),
                                           "the TLS handshake with " + endpoint);
    }
    if (!handshake.value().accepted) {
        evidence["handshake_failure"] = common::evidence_text(handshake.value().failure);
        return common::conclude(k_id, address, "handshake-refused",
                                {{"endpoint", endpoint}, {"failure", common::display_text(handshake.value().failure)}},
                                std::move(evidence));
    }
    evidence["tls_version"] = handshake.value().version;
    evidence["cipher"] = handshake.value().cipher;

    const auto& response = facts.http(common::https_first(facts, address));
    if (!response.ok()) {
        if (response.error().kind == facts::probe_error::connection_refused) {
            evidence["probe_error"] = response.error().kind;
            evidence["detail"] = common::evidence_text(response.error().detail);
            return common::conclude(k_id, address, "no-https",
                                    {{"reason", endpoint + " refused the connection for the HTTPS request"}},
                                    std::move(evidence));
        }
        Finding finding = common::probe_error_finding(k_id, address, response.error(),
                                                      "the HTTPS request to " + endpoint);
        finding.evidence["endpoint"] = endpoint;
        finding.evidence["tls_version"] = handshake.value().version;
        return finding;
    }
    evidence["http_status"] = response.value().status;
    evidence["http_version"] = response.value().http_version;
    return common::conclude(k_id, address, "https-available",
                            {{"endpoint", endpoint},
                             {"tls_version", handshake.value().version},
                             {"http_status", std::to_string(response.value().status)}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_https_available(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::default_tls(facts, address), common::https_first(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& https_available_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::https,
            .title = "HTTPS available",
            .scored = true,
            .needs_name = false,
            .why = "Without HTTPS everything between a visitor and the site travels in clear "
                   "text: anyone on the path (public Wi-Fi, a provider, a compromised router) "
                   "can read it and change it, including injecting malware into pages. "
                   "Browsers label plain-HTTP sites 'Not secure'. Every address of the site "
                   "must serve HTTPS, because visitors are spread over all of them.",
            .fix = "Obtain a certificate for the host name (for example free and automated "
                   "from Let's Encrypt with certbot or your hosting panel), and configure the "
                   "web server to listen on port 443 with TLS on every IPv4 and IPv6 address "
                   "the name points to. Make sure the firewall lets port 443 in.",
            .snippets = {{"nginx",
                          "server {\n"
                          "    listen 443 ssl;\n"
                          "    listen [::]:443 ssl;\n"
                          "    server_name example.com;\n"
                          "    ssl_certificate     /etc/letsencrypt/live/example.com/fullchain.pem;\n"
                          "    ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;\n"
                          "}"},
                         {"Apache",
                          "# a2enmod ssl\n"
                          "<VirtualHost *:443>\n"
                          "    ServerName example.com\n"
                          "    SSLEngine on\n"
                          "    SSLCertificateFile    /etc/letsencrypt/live/example.com/fullchain.pem\n"
                          "    SSLCertificateKeyFile /etc/letsencrypt/live/example.com/privkey.pem\n"
                          "</VirtualHost>"}},
            .refs = {{"RFC 9110 §4.2.2 (https URI scheme)",
                      "https://www.rfc-editor.org/rfc/rfc9110#section-4.2.2"},
                     {"RFC 8446 (TLS 1.3)", "https://www.rfc-editor.org/rfc/rfc8446"},
                     {"NCSC-NL TLS guidelines 2025-05",
                      "https://english.ncsc.nl/publications/publications/2025/06/26/"
                      "security-guidelines-for-transport-layer-security-2025-05"}},
            .facts = {"dns", "tls", "http"},
            .outcomes = {{"https-available", Status::pass,
                          "HTTPS available on {endpoint} ({tls_version}, HTTP status {http_status})"},
                         // Nothing listening on the HTTPS port: for the handshake, or for the request.
                         blocking({"no-https", Status::fail, "No HTTPS: {reason}"}),
                         blocking({"handshake-refused", Status::fail,
                                   "No HTTPS: {endpoint} refused the TLS handshake ({failure})"})},
        },
        check_https_available};
    return check;
}

}  // namespace osescan::checks::https
