#include "checks/certificate/served_chain.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/web_host.hpp"

namespace osescan::checks::certificate {

std::vector<Outcome> with_served_chain_outcomes(std::vector<Outcome> own) {
    return join_outcomes(
        {std::move(own),
         {{"handshake-refused", Status::error,
           "Could not tell: {endpoint} refused the TLS handshake ({failure}), so no certificate was seen"},
          {"no-certificate", Status::error, "Could not tell: {endpoint} sent no certificate"}}});
}

ServedChain served_chain(const facts::TargetFacts& facts, const std::string& check_id,
                         const std::string& address) {
    const std::string endpoint = common::address_port(address, facts.target().port);
    const auto& observed = facts.tls(common::default_tls(facts, address));
    ServedChain out;
    if (!observed.ok()) {
        out.problem = common::probe_error_finding(check_id, address, observed.error(),
                                                  "the TLS handshake with " + endpoint);
        return out;
    }
    const facts::TlsHandshake& handshake = observed.value();
    if (!handshake.accepted) {
        out.problem = common::conclude(
            check_id, address, "handshake-refused",
            {{"endpoint", endpoint}, {"failure", common::display_text(handshake.failure)}},
            {{"endpoint", endpoint}, {"handshake_failure", common::evidence_text(handshake.failure)}});
        return out;
    }
    if (handshake.chain.empty()) {
        out.problem = common::conclude(check_id, address, "no-certificate", {{"endpoint", endpoint}},
                                       {{"endpoint", endpoint}});
        return out;
    }
    out.handshake = &handshake;
    return out;
}

bool is_sent_trust_anchor(const facts::Certificate& certificate, size_t position) {
    return position > 0 && certificate.self_signed;
}

std::string chain_role(const facts::Certificate& certificate, size_t position) {
    if (position == 0) return "leaf";
    return is_sent_trust_anchor(certificate, position) ? "root" : "intermediate";
}

nlohmann::json certificate_identity(const facts::Certificate& certificate, size_t position) {
    return {{"position", position},
            {"role", chain_role(certificate, position)},
            {"certificate",
             {{"subject", common::evidence_text(certificate.subject)},
              {"issuer", common::evidence_text(certificate.issuer)},
              {"sha256", common::evidence_text(certificate.sha256)}}}};
}

}  // namespace osescan::checks::certificate
