#include "checks/tls/tls_ocsp_stapling.hpp"

#include "checks/certificate/revocation_answer.hpp"
#include "checks/certificate/served_chain.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "facts/iso_time.hpp"

namespace osescan::checks::tls {

namespace {

constexpr const char* k_id = "tls.ocsp_stapling";
namespace status = facts::revocation_status;

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const certificate::ServedChain served = certificate::served_chain(facts, k_id, address);
    if (served.problem) return *served.problem;
    const facts::TlsHandshake& handshake = *served.handshake;
    const std::string endpoint = common::address_port(address, facts.target().port);
    // Older facts files carry only ocsp_status: the detail then holds just the status.
    facts::RevocationAnswer staple = handshake.ocsp_staple;
    staple.status = handshake.ocsp_status;
    nlohmann::json evidence{{"endpoint", endpoint},
                            {"leaf", certificate::certificate_identity(handshake.chain.front(), 0)},
                            {"staple", certificate::answer_evidence(staple)}};
    const nlohmann::json params{{"endpoint", endpoint}};
    if (staple.status.empty()) return common::conclude(k_id, address, "no-staple", params, std::move(evidence));
    if (staple.status == status::good) {
        const std::string next = staple.next_update ? facts::iso8601_utc(staple.next_update) : "not given";
        return common::conclude(k_id, address, "staple-good", {{"endpoint", endpoint}, {"next_update", next}},
                                std::move(evidence));
    }
    if (staple.status == status::revoked)
        return common::conclude(k_id, address, "staple-revoked",
                                {{"endpoint", endpoint},
                                 {"revoked_at", facts::iso8601_utc(staple.revoked_at)},
                                 {"reason", certificate::reason_text(staple)}},
                                std::move(evidence));
    if (staple.status == status::unknown)
        return common::conclude(k_id, address, "staple-unknown", params, std::move(evidence));
    if (staple.problem == "stale")
        return common::conclude(k_id, address, "staple-stale",
                                {{"endpoint", endpoint},
                                 {"next_update",
                                  staple.next_update ? facts::iso8601_utc(staple.next_update) : "not given"}},
                                std::move(evidence));
    return common::conclude(k_id, address, "staple-invalid",
                            {{"endpoint", endpoint}, {"problem", certificate::problem_text(staple.problem)}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_tls_ocsp_stapling(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::default_tls(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& tls_ocsp_stapling_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::tls,
            .title = "OCSP stapling",
            .scored = false,
            .needs_name = false,
            .why = "With OCSP stapling the server hands visitors a fresh, CA-signed statement "
                   "that its certificate is not revoked, in the TLS handshake itself. Browsers "
                   "then need not ask the CA (which is slow and tells the CA who visits which "
                   "site). A stale or broken staple is worse than none: strict clients reject "
                   "it, and a staple saying 'revoked' means the certificate must be replaced.",
            .fix = "Turn on OCSP stapling and let the server fetch responses from the CA's "
                   "responder (it needs outbound HTTP and a DNS resolver), or refresh a "
                   "stapling file well before its nextUpdate. If the staple says the "
                   "certificate is revoked, get a new certificate at once.",
            .snippets = {{"nginx",
                          "ssl_stapling on;\n"
                          "ssl_stapling_verify on;\n"
                          "ssl_trusted_certificate /etc/ssl/example.com/chain.pem;\n"
                          "resolver 127.0.0.53;"},
                         {"Apache",
                          "SSLUseStapling on\n"
                          "SSLStaplingCache shmcb:/var/run/ocsp(128000)"}},
            .refs = {{"RFC 6066 §8 (certificate status request)", "https://www.rfc-editor.org/rfc/rfc6066#section-8"},
                     {"RFC 6960 §4.2.2 (OCSP response validity)",
                      "https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2"}},
            .facts = {"dns", "tls"},
            .outcomes = certificate::with_served_chain_outcomes(
                {{"staple-good", Status::pass,
                  "{endpoint} staples a valid OCSP response: certificate good (next update {next_update})"},
                 {"no-staple", Status::info, "{endpoint} does not staple an OCSP response"},
                 {"staple-stale", Status::warn,
                  "{endpoint} staples an out-of-date OCSP response (next update {next_update})",
                  "Refresh the stapled response before its nextUpdate: let the server fetch it from the CA's "
                  "responder (nginx: ssl_stapling on, with a resolver), or renew the stapling file from cron."},
                 {"staple-invalid", Status::warn, "{endpoint} staples an OCSP response that cannot be used: {problem}"},
                 {"staple-unknown", Status::warn,
                  "{endpoint} staples an OCSP response in which the CA's responder does not know the certificate"},
                 {"staple-revoked", Status::fail,
                  "{endpoint} staples an OCSP response saying its certificate was revoked on {revoked_at} ({reason})",
                  "The certificate is revoked: get a new certificate (with a new key if the old one may be "
                  "compromised), install it, and reload the server."}}),
        },
        check_tls_ocsp_stapling};
    return check;
}

}  // namespace osescan::checks::tls
