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

ServedChain served_chain(const facts::TargetFacts& facts, const std::string& check_id, const std::string& address) {
    return served_chain(facts, check_id, common::web_endpoint(facts, address));
}

facts::Request handshake_request(const facts::TargetFacts& facts, const common::TlsEndpoint& endpoint) {
    if (endpoint.starttls.empty()) return common::default_tls(facts, endpoint.address);
    return facts::SmtpRequest{endpoint.address, endpoint.port, endpoint.sni};
}

ServedChain served_chain(const facts::TargetFacts& facts, const std::string& check_id,
                         const common::TlsEndpoint& endpoint) {
    const std::string& label = endpoint.label;
    ServedChain out;
    const facts::TlsHandshake* seen = nullptr;
    std::string failure;
    if (endpoint.starttls.empty()) {
        const auto& observed = facts.tls(common::default_tls(facts, endpoint.address));
        if (!observed.ok()) {
            out.problem = common::probe_error_finding(check_id, endpoint.subject, observed.error(),
                                                      "the TLS handshake with " + label);
            return out;
        }
        seen = &observed.value();
        failure = seen->failure;
    } else {
        const auto& observed = facts.smtp(facts::SmtpRequest{endpoint.address, endpoint.port, endpoint.sni});
        if (!observed.ok()) {
            out.problem = common::probe_error_finding(check_id, endpoint.subject, observed.error(),
                                                      "the SMTP conversation with " + label);
            return out;
        }
        seen = &observed.value().tls;
        failure = observed.value().tls_attempted ? seen->failure : "no TLS after STARTTLS";
    }
    const facts::TlsHandshake& handshake = *seen;
    if (!handshake.accepted) {
        out.problem = common::conclude(check_id, endpoint.subject, "handshake-refused",
                                       {{"endpoint", label}, {"failure", common::display_text(failure)}},
                                       {{"endpoint", label}, {"handshake_failure", common::evidence_text(failure)}});
        return out;
    }
    if (handshake.chain.empty()) {
        out.problem = common::conclude(check_id, endpoint.subject, "no-certificate", {{"endpoint", label}},
                                       {{"endpoint", label}});
        return out;
    }
    out.handshake = &handshake;
    return out;
}

std::vector<Finding> judge_served_chains(const facts::TargetFacts& facts, const std::string& check_id,
                                         common::EndpointSource source, const common::EndpointJudge& judge) {
    return common::judge_endpoints(
        facts, check_id, source,
        [&](const common::TlsEndpoint& endpoint) {
            return std::vector<facts::Request>{handshake_request(facts, endpoint)};
        },
        judge);
}

Finding conclude_pkix_failure(const facts::TargetFacts& facts, const std::string& check_id,
                              const common::TlsEndpoint& endpoint, PkixRule rule, const std::string& outcome,
                              nlohmann::json params, nlohmann::json evidence) {
    const PkixRequirement requirement = rule ? rule(facts, endpoint) : PkixRequirement{};
    if (requirement.unknown)
        return common::probe_error_finding(check_id, endpoint.subject, *requirement.unknown,
                                           "whether MTA-STS or DANE requires a valid certificate on " + endpoint.label);
    if (!requirement.rule.empty()) {
        params["rule"] = requirement.rule;
        evidence["rule"] = requirement.rule;
        evidence["pkix_required"] = requirement.required;
    }
    const std::string code = !requirement.required       ? outcome + std::string(k_opportunistic_suffix)
                             : requirement.reported_only ? outcome + std::string(k_testing_suffix)
                                                         : outcome;
    return common::conclude(check_id, endpoint.subject, code, std::move(params), std::move(evidence));
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
