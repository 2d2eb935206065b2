#include "checks/certificate/revocation_answer.hpp"

#include "checks/common/display_text.hpp"
#include "facts/iso_time.hpp"

namespace osescan::checks::certificate {

nlohmann::json answer_evidence(const facts::RevocationAnswer& answer) {
    nlohmann::json out{{"status", common::evidence_text(answer.status)}};
    if (!answer.problem.empty()) out["problem"] = common::evidence_text(answer.problem);
    if (!answer.reason.empty()) out["reason"] = common::evidence_text(answer.reason);
    if (answer.revoked_at != 0) out["revoked_at"] = facts::iso8601_utc(answer.revoked_at);
    if (answer.this_update != 0) out["this_update"] = facts::iso8601_utc(answer.this_update);
    if (answer.next_update != 0) out["next_update"] = facts::iso8601_utc(answer.next_update);
    return out;
}

std::string reason_text(const facts::RevocationAnswer& answer) {
    return answer.reason.empty() ? "no reason given" : common::display_text(answer.reason, 40);
}

std::string problem_text(const std::string& problem) {
    if (problem == "stale") return "it is out of date (outside thisUpdate..nextUpdate)";
    if (problem == "bad-signature") return "it is not signed by the issuer or a responder the issuer delegated to";
    if (problem == "other-certificate") return "it is not about this certificate";
    if (problem == "malformed") return "it cannot be parsed";
    if (problem == "unsuccessful") return "the responder answered with an error status";
    if (problem == "no-issuer") return "the certificate's issuer is unknown";
    if (problem == "too-large") return "it is too large";
    if (problem.rfind("http-", 0) == 0) return "the server answered HTTP " + common::display_text(problem.substr(5), 8);
    if (problem.empty()) return "it could not be verified";
    return common::display_text(problem, 40);
}

}  // namespace osescan::checks::certificate
