#include "checks/certificate/certificate_transparency.hpp"

#include <set>

#include "checks/certificate/served_chain.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "facts/iso_time.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "tls.certificate.transparency";

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const ServedChain served = served_chain(facts, k_id, address);
    if (served.problem) return *served.problem;
    const facts::TlsHandshake& handshake = *served.handshake;
    const std::string endpoint = common::address_port(address, facts.target().port);

    // SCTs are about the leaf (RFC 6962 section 3): those embedded in it, then those the
    // server sent in the handshake or the staple.
    std::vector<facts::SignedTimestamp> all = handshake.chain.front().scts;
    all.insert(all.end(), handshake.scts.begin(), handshake.scts.end());
    nlohmann::json scts = nlohmann::json::array();
    std::set<std::string> logs;
    std::set<std::string> sources;
    for (const facts::SignedTimestamp& sct : all) {
        nlohmann::json entry{{"source", common::evidence_text(sct.source)}, {"version", sct.version}};
        if (sct.version == 0) {
            entry["log_id"] = common::evidence_text(sct.log_id);
            entry["timestamp"] = facts::iso8601_utc(sct.timestamp_ms / 1000);
            logs.insert(sct.log_id);
        }
        sources.insert(sct.source);
        scts.push_back(std::move(entry));
    }
    std::string source_list;
    for (const std::string& source : sources) source_list += (source_list.empty() ? "" : ", ") + source;
    nlohmann::json evidence{{"endpoint", endpoint},
                            {"leaf", certificate_identity(handshake.chain.front(), 0)},
                            {"count", all.size()},
                            {"logs", logs.size()},
                            {"scts", std::move(scts)}};
    if (all.empty()) return common::conclude(k_id, address, "no-scts", {{"endpoint", endpoint}}, std::move(evidence));
    return common::conclude(k_id, address, "scts-present",
                            {{"endpoint", endpoint},
                             {"count", all.size()},
                             {"logs", logs.size()},
                             {"sources", common::display_text(source_list, 60)}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_certificate_transparency(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::default_tls(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& certificate_transparency_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "Certificate Transparency",
            .scored = false,
            .needs_name = false,
            .why = "Publicly trusted CAs log every certificate they issue in public "
                   "Certificate Transparency logs, and browsers (Chrome, Safari) only accept "
                   "certificates that come with signed timestamps (SCTs) from such logs. The "
                   "logs let site owners spot certificates issued for their names without "
                   "their knowledge. Certificates from a private CA carry no SCTs, which is "
                   "fine inside an organisation but not on the public web.",
            .fix = "Use a publicly trusted CA: they embed SCTs in the certificate. Monitor the "
                   "CT logs for your names (crt.sh, or your CA's monitoring service).",
            .snippets = {{"shell (look at the SCTs in a certificate)",
                          "openssl x509 -in cert.pem -noout -text | grep -A20 'CT Precertificate SCTs'"}},
            .refs = {{"RFC 6962 §3.3 (including SCTs in the TLS handshake)",
                      "https://www.rfc-editor.org/rfc/rfc6962#section-3.3"},
                     {"Chrome Certificate Transparency policy",
                      "https://googlechrome.github.io/CertificateTransparency/ct_policy.html"}},
            .facts = {"dns", "tls"},
            .outcomes = with_served_chain_outcomes(
                {{"scts-present", Status::pass,
                  "{endpoint} shows {count} signed certificate timestamps from {logs} logs ({sources})"},
                 {"no-scts", Status::info,
                  "{endpoint} shows no signed certificate timestamps (not in the certificate, the TLS "
                  "extension or an OCSP staple)"}}),
        },
        check_certificate_transparency};
    return check;
}

}  // namespace osescan::checks::certificate
