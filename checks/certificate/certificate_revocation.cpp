#include "checks/certificate/certificate_revocation.hpp"

#include <optional>

#include "checks/certificate/revocation_answer.hpp"
#include "checks/certificate/served_chain.hpp"
#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/per_address.hpp"
#include "checks/common/web_host.hpp"
#include "facts/http_url.hpp"
#include "facts/iso_time.hpp"

namespace osescan::checks::certificate {

namespace {

constexpr const char* k_id = "tls.certificate.revocation";
namespace status = facts::revocation_status;

// Where to ask about one certificate: the first plain-HTTP URL of each kind (RFC 5280
// section 4.2.2.1 and 4.2.1.13; browsers and responders use HTTP, LDAP is not asked).
struct Pointer {
    std::string url;
    std::optional<facts::HttpUrl> parsed;
};

Pointer first_http(const std::vector<std::string>& urls) {
    for (const std::string& url : urls)
        if (auto parsed = facts::parse_http_url(url)) return {url, parsed};
    return {};
}

// One certificate to judge (every one the server sends but a trust anchor).
struct Subject {
    size_t position = 0;
    const facts::Certificate* certificate = nullptr;
    const facts::Certificate* issuer = nullptr;  // as served; null = the engine's trust store
    Pointer ocsp;
    Pointer crl;
};

std::vector<Subject> subjects_of(const std::vector<facts::Certificate>& chain) {
    std::vector<Subject> out;
    for (size_t i = 0; i < chain.size(); ++i) {
        if (is_sent_trust_anchor(chain[i], i)) continue;
        Subject subject;
        subject.position = i;
        subject.certificate = &chain[i];
        if (i + 1 < chain.size() && chain[i + 1].subject == chain[i].issuer) subject.issuer = &chain[i + 1];
        subject.ocsp = first_http(chain[i].ocsp_urls);
        subject.crl = first_http(chain[i].crl_urls);
        out.push_back(std::move(subject));
    }
    return out;
}

std::vector<facts::Request> dns_requests(const Pointer& pointer) {
    if (!pointer.parsed || pointer.parsed->host_is_ip) return {};
    return {facts::DnsRequest{pointer.parsed->host, "A", facts::DnsVia::stub, {}},
            facts::DnsRequest{pointer.parsed->host, "AAAA", facts::DnsVia::stub, {}}};
}

// The address to fetch `pointer` from: the IP literal, else the first A, else the first AAAA.
std::optional<std::string> address_of(const facts::TargetFacts& facts, const Pointer& pointer) {
    if (!pointer.parsed) return std::nullopt;
    if (pointer.parsed->host_is_ip) return pointer.parsed->host;
    for (const char* type : {"A", "AAAA"}) {
        const auto& answer = facts.dns(pointer.parsed->host, type);
        if (!answer.ok()) continue;
        for (const facts::DnsRecord* record : answer.value().records(type)) return record->data;
    }
    return std::nullopt;
}

std::optional<facts::RevocationRequest> request_for(const facts::TargetFacts& facts, const Subject& subject,
                                                    const Pointer& pointer, const char* method) {
    const std::optional<std::string> address = address_of(facts, pointer);
    if (!address) return std::nullopt;
    facts::RevocationRequest request;
    request.method = method;
    request.url = pointer.url;
    request.address = *address;
    request.certificate_sha256 = subject.certificate->sha256;
    request.certificate_pem = subject.certificate->pem;
    if (subject.issuer) {
        request.issuer_sha256 = subject.issuer->sha256;
        request.issuer_pem = subject.issuer->pem;
    }
    return request;
}

bool decisive(const facts::Observed<facts::RevocationAnswer>& observed) {
    return observed.ok() && (observed.value().status == status::good || observed.value().status == status::revoked);
}

nlohmann::json observed_evidence(const facts::Observed<facts::RevocationAnswer>& observed) {
    if (observed.ok()) return answer_evidence(observed.value());
    return {{"error", common::evidence_text(observed.error().kind)},
            {"detail", common::evidence_text(observed.error().detail)}};
}

// What was learnt about one certificate.
struct Judged {
    std::string state;   // "good", "revoked", "unchecked" (no usable answer), "no-pointers"
    std::string source;  // "OCSP responder" / "CRL" for good and revoked
    facts::RevocationAnswer answer;
    nlohmann::json evidence;
};

// Asks the OCSP responders first (every certificate in one round), then the CRLs of the
// certificates the responders left undecided (one more round).
std::vector<Judged> judge_subjects(const facts::TargetFacts& facts, const std::vector<Subject>& subjects) {
    std::vector<facts::Request> names;
    for (const Subject& subject : subjects)
        for (const Pointer* pointer : {&subject.ocsp, &subject.crl})
            for (facts::Request& request : dns_requests(*pointer)) names.push_back(std::move(request));
    facts.need(names);

    std::vector<std::optional<facts::RevocationRequest>> ocsp(subjects.size());
    std::vector<facts::Request> batch;
    for (size_t i = 0; i < subjects.size(); ++i) {
        ocsp[i] = request_for(facts, subjects[i], subjects[i].ocsp, "ocsp");
        if (ocsp[i]) batch.push_back(*ocsp[i]);
    }
    facts.need(batch);

    std::vector<std::optional<facts::RevocationRequest>> crl(subjects.size());
    batch.clear();
    for (size_t i = 0; i < subjects.size(); ++i) {
        if (ocsp[i] && decisive(facts.revocation(*ocsp[i]))) continue;
        crl[i] = request_for(facts, subjects[i], subjects[i].crl, "crl");
        if (crl[i]) batch.push_back(*crl[i]);
    }
    facts.need(batch);

    std::vector<Judged> out;
    for (size_t i = 0; i < subjects.size(); ++i) {
        const Subject& subject = subjects[i];
        Judged judged;
        judged.evidence = certificate_identity(*subject.certificate, subject.position);
        if (!subject.ocsp.url.empty()) judged.evidence["ocsp_url"] = common::evidence_text(subject.ocsp.url);
        if (!subject.crl.url.empty()) judged.evidence["crl_url"] = common::evidence_text(subject.crl.url);
        judged.evidence["issuer_from"] = subject.issuer ? "served chain" : "trust store";
        judged.state = subject.ocsp.parsed || subject.crl.parsed ? "unchecked" : "no-pointers";
        if (subject.ocsp.parsed && !ocsp[i]) judged.evidence["ocsp"] = {{"error", "responder host has no address"}};
        if (subject.crl.parsed && !crl[i] && !(ocsp[i] && decisive(facts.revocation(*ocsp[i]))))
            judged.evidence["crl"] = {{"error", "CRL host has no address"}};
        if (ocsp[i]) {
            const auto& observed = facts.revocation(*ocsp[i]);
            judged.evidence["ocsp"] = observed_evidence(observed);
            if (decisive(observed)) {
                judged.state = observed.value().status;
                judged.source = "OCSP responder";
                judged.answer = observed.value();
            }
        }
        if (crl[i]) {
            const auto& observed = facts.revocation(*crl[i]);
            judged.evidence["crl"] = observed_evidence(observed);
            if (decisive(observed)) {
                judged.state = observed.value().status;
                judged.source = "CRL";
                judged.answer = observed.value();
            }
        }
        judged.evidence["state"] = judged.state;
        out.push_back(std::move(judged));
    }
    return out;
}

std::string describe(const facts::Certificate& certificate, size_t position) {
    return chain_role(certificate, position) + " certificate " + common::display_text(certificate.subject, 80);
}

Finding judge_address(const facts::TargetFacts& facts, const std::string& address) {
    const ServedChain served = served_chain(facts, k_id, address);
    if (served.problem) return *served.problem;
    const std::vector<facts::Certificate>& chain = served.handshake->chain;
    const std::string endpoint = common::address_port(address, facts.target().port);
    const std::vector<Subject> subjects = subjects_of(chain);
    const std::vector<Judged> judged = judge_subjects(facts, subjects);

    nlohmann::json certificates = nlohmann::json::array();
    for (const Judged& j : judged) certificates.push_back(j.evidence);
    nlohmann::json evidence{{"endpoint", endpoint}, {"certificates", std::move(certificates)}};

    for (size_t i = 0; i < judged.size(); ++i) {
        if (judged[i].state != status::revoked) continue;
        const Subject& subject = subjects[i];
        evidence["revoked"] = {{"position", subject.position},
                               {"source", judged[i].source},
                               {"reason", common::evidence_text(judged[i].answer.reason)},
                               {"revoked_at", facts::iso8601_utc(judged[i].answer.revoked_at)}};
        return common::conclude(k_id, address, "revoked",
                                {{"certificate", describe(*subject.certificate, subject.position)},
                                 {"endpoint", endpoint},
                                 {"revoked_at", facts::iso8601_utc(judged[i].answer.revoked_at)},
                                 {"reason", reason_text(judged[i].answer)},
                                 {"source", judged[i].source}},
                                std::move(evidence));
    }
    // Never a pass without a good answer for the leaf; an intermediate that names no
    // responder and no CRL has nothing to check (commonly so for CA-operated chains).
    std::string unchecked;
    for (size_t i = 0; i < judged.size() && unchecked.empty(); ++i) {
        const bool leaf = subjects[i].position == 0;
        if (judged[i].state == status::good || (!leaf && judged[i].state == "no-pointers")) continue;
        const std::string who = describe(*subjects[i].certificate, subjects[i].position);
        unchecked = judged[i].state == "no-pointers"
                        ? "the " + who + " names no OCSP responder or CRL reachable over HTTP"
                        : "no OCSP responder or CRL gave a usable answer for the " + who;
    }
    if (judged.empty()) unchecked = "no certificate to check";
    if (!unchecked.empty())
        return common::conclude(k_id, address, "could-not-check", {{"endpoint", endpoint}, {"why", unchecked}},
                                std::move(evidence));
    size_t good = 0;
    for (const Judged& j : judged) good += j.state == status::good ? 1 : 0;
    return common::conclude(k_id, address, "not-revoked", {{"endpoint", endpoint}, {"checked", good}},
                            std::move(evidence));
}

}  // namespace

std::vector<Finding> check_certificate_revocation(const facts::TargetFacts& facts) {
    return common::judge_each_address(
        facts, k_id,
        [&](const std::string& address) -> std::vector<facts::Request> {
            return {common::default_tls(facts, address)};
        },
        [&](const std::string& address) { return judge_address(facts, address); });
}

const Check& certificate_revocation_check() {
    static const Check check{
        CheckInfo{
            .id = k_id,
            .family = Family::certificate,
            .title = "Certificate revocation",
            .scored = true,
            .needs_name = false,
            .why = "A CA revokes a certificate when its key may have been stolen or it was "
                   "issued wrongly. A revoked certificate still looks valid by its dates and "
                   "chain, but it must not be trusted: whoever holds the key may impersonate "
                   "the site. The CA publishes revocations through its OCSP responder and its "
                   "certificate revocation list (CRL), named in the certificate itself.",
            .fix = "Replace a revoked certificate at once: generate a new key (the old one may "
                   "be compromised), get a new certificate, install it with the CA's current "
                   "chain and reload the server. If only the check could not be made, make "
                   "sure the certificate names an OCSP responder or CRL over HTTP.",
            .snippets = {{"shell (ask the OCSP responder yourself)",
                          "openssl ocsp -issuer chain.pem -cert cert.pem \\\n"
                          "  -url \"$(openssl x509 -in cert.pem -noout -ocsp_uri)\" -resp_text"},
                         {"shell (new key and certificate with certbot)",
                          "certbot certonly --force-renewal --reuse-key=false -d example.com\n"
                          "systemctl reload nginx"}},
            .refs = {{"RFC 6960 (OCSP)", "https://www.rfc-editor.org/rfc/rfc6960"},
                     {"RFC 5280 §5 and §6.3 (CRLs and their validation)",
                      "https://www.rfc-editor.org/rfc/rfc5280#section-5"},
                     {"CA/Browser Forum Baseline Requirements §4.9 (revocation)",
                      "https://cabforum.org/working-groups/server/baseline-requirements/requirements/"}},
            .facts = {"dns", "tls", "revocation"},
            .outcomes = with_served_chain_outcomes(
                {{"not-revoked", Status::pass,
                  "No certificate served by {endpoint} is revoked ({checked} checked with their CA)"},
                 // Browsers refuse a revoked certificate (when they learn of it): blocking, as
                 // SSL Labs caps such a site.
                 blocking({"revoked", Status::fail,
                           "The {certificate} served by {endpoint} was revoked on {revoked_at} ({reason}), says its "
                           "{source}"}),
                 {"could-not-check", Status::info,
                  "Could not check whether the certificates of {endpoint} are revoked: {why}",
                  "Make sure the certificate names an OCSP responder (Authority Information Access) or a CRL "
                  "distribution point over HTTP, and that they answer; public CAs do this for you."}}),
        },
        check_certificate_revocation};
    return check;
}

}  // namespace osescan::checks::certificate
