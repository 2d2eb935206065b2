#include "checks/mail/mta_sts_check.hpp"

#include <algorithm>

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/common/web_host.hpp"
#include "checks/mail/mail_domain.hpp"
#include "checks/mail/mta_sts_policy.hpp"
#include "checks/mail/mx_addresses.hpp"
#include "checks/mail/record_text.hpp"

namespace osescan::checks::mail {

namespace {

constexpr const char* k_id = "mail.mta_sts";
constexpr size_t k_max_policy_addresses = 4;
constexpr const char* k_policy_path = "/.well-known/mta-sts.txt";

const Reference k_rfc8461{"RFC 8461 (SMTP MTA Strict Transport Security)", "https://www.rfc-editor.org/rfc/rfc8461"};
const Reference k_rfc8461_policy{"RFC 8461 §3 (policy discovery and the policy file)",
                                 "https://www.rfc-editor.org/rfc/rfc8461#section-3"};
const Reference k_rfc8461_validation{"RFC 8461 §4 (policy validation: MX matching, certificates)",
                                     "https://www.rfc-editor.org/rfc/rfc8461#section-4"};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

// What fetching the policy from one address of mta-sts.<domain> gave.
struct Fetch {
    std::optional<Finding> error;        // could not tell (timeout, ...)
    std::optional<std::string> failure;  // the policy is not available from here, and why
    std::optional<MtaStsPolicy> policy;
    std::string policy_error;  // the policy was served but does not parse
};

facts::TlsRequest policy_tls(const std::string& host, const std::string& address) {
    facts::TlsRequest request;
    request.address = address;
    request.port = 443;
    request.sni = host;
    request.alpn = {"http/1.1"};
    return request;
}

facts::HttpRequest policy_http(const std::string& host, const std::string& address) {
    return facts::HttpRequest{"https", host, address, 443, k_policy_path, "GET"};
}

Fetch fetch_policy(const facts::TargetFacts& facts, const std::string& domain, const std::string& host,
                   const std::string& address, nlohmann::json& evidence) {
    Fetch out;
    const std::string endpoint = common::address_port(address, 443);
    evidence["endpoint"] = endpoint;
    const auto& tls = facts.tls(policy_tls(host, address));
    if (!tls.ok()) {
        if (tls.error().kind == facts::probe_error::connection_refused) {
            out.failure = endpoint + " refuses connections";
            return out;
        }
        out.error = common::probe_error_finding(k_id, domain, tls.error(),
                                                "the TLS handshake with " + host + " at " + endpoint);
        return out;
    }
    const facts::TlsHandshake& handshake = tls.value();
    if (!handshake.accepted) {
        out.failure = endpoint + " refused the TLS handshake (" + common::display_text(handshake.failure) + ")";
        return out;
    }
    // §3.3: the policy host must present a certificate valid for its name that chains to a
    // trusted root and is within its validity period ("WebPKI", RFC 6125).
    const int64_t now = facts.context().now;
    if (!handshake.verify_ok) {
        out.failure =
            "the certificate of " + host + " is not trusted (" + common::display_text(handshake.verify_message) + ")";
        return out;
    }
    if (!handshake.name_matches) {
        out.failure = "the certificate served at " + endpoint + " is not valid for " + host;
        return out;
    }
    if (!handshake.chain.empty() && (now < handshake.chain[0].not_before || now > handshake.chain[0].not_after)) {
        out.failure = "the certificate of " + host + " is expired or not yet valid";
        return out;
    }
    const auto& http = facts.http(policy_http(host, address));
    if (!http.ok()) {
        if (http.error().kind == facts::probe_error::connection_refused) {
            out.failure = endpoint + " refuses the HTTPS request";
            return out;
        }
        out.error = common::probe_error_finding(k_id, domain, http.error(), "fetching https://" + host + k_policy_path);
        return out;
    }
    const facts::HttpResponse& response = http.value();
    evidence["http_status"] = response.status;
    if (response.status != 200) {
        // §3.3: "HTTP 3xx redirects MUST NOT be followed"; any other status is no policy.
        out.failure =
            "https://" + host + k_policy_path + " answered HTTP " + std::to_string(response.status) +
            (response.status >= 300 && response.status < 400 ? " (a redirect, which senders must not follow)" : "");
        return out;
    }
    const facts::HttpHeader* type = response.header("Content-Type");
    const std::string media = type ? lowered(trim(std::string_view(type->value).substr(0, type->value.find(';')))) : "";
    evidence["content_type"] = type ? common::evidence_text(type->value) : "";
    if (media != "text/plain") {
        out.failure = "the policy is served as \"" + common::display_text(media.empty() ? "(none)" : media, 60) +
                      "\", not text/plain (RFC 8461 §3.3)";
        return out;
    }
    if (response.body_truncated) {
        out.failure = "the policy is larger than osescan reads (RFC 8461 §3.3 allows 64 KB)";
        return out;
    }
    MtaStsPolicyParse parsed = parse_mta_sts_policy(response.body);
    if (!parsed.policy) {
        out.policy_error = parsed.error + (parsed.line ? " (line " + std::to_string(parsed.line) + ")" : "");
        return out;
    }
    out.policy = std::move(parsed.policy);
    return out;
}

// What a sender enforcing the policy finds at one address of one MX host (§4.2: STARTTLS,
// then a certificate that chains to a trusted root, matches the MX host name and is valid
// now). Empty when it would deliver; the problem otherwise; a ProbeError when we could not tell.
struct MxTls {
    std::optional<facts::ProbeError> error;
    std::string problem;
};

MxTls judge_mx_tls(const facts::TargetFacts& facts, const std::string& host, const std::string& address) {
    MxTls out;
    const auto& observed = facts.smtp(facts::SmtpRequest{address, 25, host});
    if (!observed.ok()) {
        out.error = observed.error();
        return out;
    }
    const facts::SmtpSession& session = observed.value();
    const std::string where = host + " [" + address + "]";
    if (!session.starttls_offered) {
        out.problem = where + " offers no STARTTLS";
        return out;
    }
    if (!session.tls_attempted || !session.tls.accepted) {
        out.problem = where + ": the TLS handshake after STARTTLS failed";
        return out;
    }
    const facts::TlsHandshake& tls = session.tls;
    const int64_t now = facts.context().now;
    if (!tls.verify_ok)
        out.problem = where + ": certificate not trusted (" + common::display_text(tls.verify_message, 80) + ")";
    else if (!tls.name_matches)
        out.problem = where + ": certificate not valid for " + host;
    else if (!tls.chain.empty() && (now < tls.chain[0].not_before || now > tls.chain[0].not_after))
        out.problem = where + ": certificate expired or not yet valid";
    return out;
}

}  // namespace

CheckInfo mta_sts_info() {
    CheckInfo i;
    i.id = k_id;
    i.family = Family::mail;
    i.title = "MTA-STS policy";
    i.scored = false;
    i.why =
        "SMTP between mail servers uses STARTTLS opportunistically: an attacker on the path can "
        "strip it or present any certificate, and mail is delivered anyway, in clear text or to "
        "the attacker. MTA-STS (RFC 8461) lets the domain publish, over HTTPS with a trusted "
        "certificate, which MX hosts are valid and that senders must use authenticated TLS to "
        "them (mode enforce), so such mail is held instead of handed over. A policy that does "
        "not cover every MX, or that senders cannot fetch, protects nothing or blocks mail.";
    i.fix =
        "Publish a TXT record at _mta-sts.<domain> (\"v=STSv1; id=<change on every policy "
        "update>\"), serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt as "
        "text/plain with a certificate valid for mta-sts.<domain>, list every MX host in mx: "
        "lines, start with mode: testing and TLS reports (TLS-RPT), then switch to mode: "
        "enforce. Every MX host must present a certificate valid for its name.";
    i.snippets = {{"DNS zone", "_mta-sts.example.com.  IN TXT \"v=STSv1; id=20261206T000000\""},
                  {"mta-sts.txt",
                   "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.backup.example.net\nmax_age: 604800"},
                  {"nginx",
                   "server {\n    listen 443 ssl;\n    server_name mta-sts.example.com;\n"
                   "    location = /.well-known/mta-sts.txt {\n        default_type text/plain;\n"
                   "        return 200 \"version: STSv1\\nmode: enforce\\nmx: mail.example.com\\nmax_age: "
                   "604800\\n\";\n    }\n}"}};
    i.refs = {k_rfc8461, k_rfc8461_policy, k_rfc8461_validation};
    i.facts = {"dns", "tls", "http", "smtp"};
    i.outcomes = {
        {"sts-enforce", Status::pass, "MTA-STS mode enforce (max_age {max_age} s) covers every MX host, each with valid TLS: {mx_hosts}"},
        {"sts-none", Status::info, "No MTA-STS record at _mta-sts.{domain}"},
        {"sts-mode-none", Status::info, "The MTA-STS policy has mode none: senders drop the policy (RFC 8461 §5)"},
        {"sts-testing", Status::warn,
         "MTA-STS mode testing: senders report failures but still deliver without authenticated TLS"},
        {"sts-record-invalid", Status::fail, "MTA-STS record at _mta-sts.{domain}: {problem}; senders ignore it"},
        {"sts-policy-unavailable", Status::fail, "MTA-STS record published but no policy can be fetched: {problem}"},
        {"sts-policy-invalid", Status::fail, "The MTA-STS policy of {domain} is invalid: {problem}"},
        {"sts-mx-tls-invalid", Status::fail,
         "Senders following the MTA-STS policy refuse to deliver to {problems} (RFC 8461 §4.2)"},
        {"sts-mx-not-covered", Status::fail,
         "MX host(s) {hosts} match no mx: line of the MTA-STS policy: senders in enforce mode refuse to deliver there"},
        common::k_no_mail_hosts_outcome,
    };
    return i;
}

MtaStsDiscovery discover_mta_sts(const facts::TargetFacts& facts) {
    const std::string domain = lower_name(facts.target().host);
    const std::string record_name = "_mta-sts." + domain;
    const std::string host = "mta-sts." + domain;
    MtaStsDiscovery out;
    nlohmann::json& evidence = out.evidence;
    const auto ended = [&](Finding finding) {
        out.ended = std::move(finding);
        return std::move(out);
    };
    facts.need({dns_request(record_name, "TXT")});
    const auto& answer = lookup(facts, record_name, "TXT");
    if (!answer.ok())
        return ended(common::probe_error_finding(k_id, domain, answer.error(), "the TXT lookup of " + record_name));
    std::vector<std::string> records;
    for (std::string& txt : txt_strings(answer.value()))
        if (is_mta_sts_record(txt)) records.push_back(std::move(txt));
    evidence = {{"record_name", record_name}, {"records", nlohmann::json::array()}};
    for (const std::string& r : records) evidence["records"].push_back(common::evidence_text(r));
    if (records.empty()) return ended(common::conclude(k_id, domain, "sts-none", {{"domain", domain}}, evidence));
    // §3.1: anything but exactly one valid record means "no MTA-STS".
    if (records.size() > 1)
        return ended(common::conclude(k_id, domain, "sts-record-invalid",
                                      {{"domain", domain}, {"problem", std::to_string(records.size()) + " records"}},
                                      evidence));
    const MtaStsRecordParse record = parse_mta_sts_record(records[0]);
    if (!record.record)
        return ended(common::conclude(k_id, domain, "sts-record-invalid",
                                      {{"domain", domain}, {"problem", common::display_text(record.error)}}, evidence));
    evidence["id"] = record.record->id;

    // The policy host's addresses, then the policy from each (senders may reach any).
    facts.need({dns_request(host, "A"), dns_request(host, "AAAA")});
    std::vector<std::string> addresses;
    for (const char* type : {"A", "AAAA"}) {
        const auto& a = lookup(facts, host, type);
        if (!a.ok())
            return ended(common::probe_error_finding(k_id, domain, a.error(),
                                                     std::string("the ") + type + " lookup of " + host));
        for (const facts::DnsRecord* r : a.value().records(type))
            if (addresses.size() < k_max_policy_addresses) addresses.push_back(r->data);
    }
    evidence["policy_host"] = host;
    evidence["policy_addresses"] = addresses;
    if (addresses.empty())
        return ended(common::conclude(k_id, domain, "sts-policy-unavailable", {{"problem", host + " has no address"}},
                                      evidence));
    std::vector<facts::Request> wanted;
    for (const std::string& address : addresses) {
        wanted.push_back(policy_tls(host, address));
        wanted.push_back(policy_http(host, address));
    }
    facts.need(wanted);
    nlohmann::json fetches = nlohmann::json::array();
    for (const std::string& address : addresses) {
        nlohmann::json fetch_evidence;
        Fetch fetch = fetch_policy(facts, domain, host, address, fetch_evidence);
        fetches.push_back(fetch_evidence);
        if (fetch.error) {
            fetch.error->evidence["policy_fetches"] = fetches;
            return ended(*fetch.error);
        }
        evidence["policy_fetches"] = fetches;
        if (fetch.failure)
            return ended(
                common::conclude(k_id, domain, "sts-policy-unavailable", {{"problem", *fetch.failure}}, evidence));
        if (!fetch.policy)
            return ended(common::conclude(k_id, domain, "sts-policy-invalid",
                                          {{"domain", domain}, {"problem", common::display_text(fetch.policy_error)}},
                                          evidence));
        if (out.policy && (out.policy->mode != fetch.policy->mode || out.policy->mx != fetch.policy->mx))
            return ended(common::conclude(k_id, domain, "sts-policy-invalid",
                                          {{"domain", domain},
                                           {"problem", "the addresses of " + host + " serve different policies"}},
                                          evidence));
        out.policy = std::move(fetch.policy);
    }
    return out;
}

std::vector<Finding> check_mta_sts(const facts::TargetFacts& facts) {
    const std::string domain = lower_name(facts.target().host);
    facts.need({dns_request("_mta-sts." + domain, "TXT"), common::mx_request(facts)});
    const common::MailHosts mail_hosts = common::find_mail_hosts(facts);
    if (auto verdict = common::mail_hosts_verdict(k_id, facts, mail_hosts)) return {*verdict};
    MtaStsDiscovery discovery = discover_mta_sts(facts);
    if (discovery.ended) return {*discovery.ended};
    nlohmann::json evidence = std::move(discovery.evidence);
    const MtaStsPolicy* policy = &*discovery.policy;
    std::vector<facts::Request> wanted;
    evidence["mode"] = policy->mode;
    evidence["max_age"] = policy->max_age;
    evidence["mx_patterns"] = policy->mx;
    if (!policy->notes.empty()) evidence["policy_notes"] = policy->notes;
    if (policy->mode == "none") return {common::conclude(k_id, domain, "sts-mode-none", {}, evidence)};

    // §4.1: every MX host must match an mx pattern, or senders in enforce mode refuse it.
    std::vector<std::string> uncovered;
    for (const std::string& mx : mail_hosts.names)
        if (std::none_of(policy->mx.begin(), policy->mx.end(),
                         [&](const std::string& pattern) { return mta_sts_mx_matches(pattern, mx); }))
            uncovered.push_back(mx);
    evidence["mx_hosts"] = mail_hosts.names;
    if (!uncovered.empty()) {
        evidence["mx_not_covered"] = uncovered;
        return {common::conclude(k_id, domain, "sts-mx-not-covered",
                                 {{"hosts", common::display_text(joined(uncovered), 200)}}, evidence)};
    }
    // §4.2: every MX host must offer STARTTLS with a certificate valid for its name; the
    // conversations are the ones mail.starttls asks for (shared facts).
    const MxAddresses mx_list = mx_addresses(facts, mail_hosts);
    if (!mx_list.lookup_errors.empty()) {
        const MxLookupError& e = mx_list.lookup_errors.front();
        return {common::probe_error_finding(k_id, domain, e.error, "the " + e.type + " lookup of " + e.host)};
    }
    std::vector<std::pair<std::string, std::string>> conversations;  // host, address
    for (const MxAddress& a : mx_list.addresses) conversations.emplace_back(a.host, a.address);
    wanted.clear();
    for (const auto& [mx_host, address] : conversations) wanted.push_back(facts::SmtpRequest{address, 25, mx_host});
    facts.need(wanted);
    std::vector<std::string> problems;
    for (const auto& [mx, address] : conversations) {
        const MxTls judged = judge_mx_tls(facts, mx, address);
        if (judged.error)
            return {common::probe_error_finding(k_id, domain, *judged.error, "the SMTP conversation with " + mx + " [" + address + "]")};
        if (!judged.problem.empty()) problems.push_back(judged.problem);
    }
    evidence["mx_tls_checked"] = conversations.size();
    if (!problems.empty()) {
        evidence["mx_tls_problems"] = problems;
        return {common::conclude(k_id, domain, "sts-mx-tls-invalid", {{"problems", common::display_text(joined(problems), 240)}},
                                 evidence)};
    }
    if (policy->mode == "testing") return {common::conclude(k_id, domain, "sts-testing", {}, evidence)};
    return {common::conclude(k_id, domain, "sts-enforce",
                             {{"max_age", std::to_string(policy->max_age)},
                              {"mx_hosts", common::display_text(joined(mail_hosts.names), 200)}},
                             evidence)};
}

}  // namespace osescan::checks::mail
