#include "checks/mail/dkim_check.hpp"

#include "checks/common/display_text.hpp"
#include "checks/common/findings.hpp"
#include "checks/common/mx_hosts.hpp"
#include "checks/mail/dkim_record.hpp"
#include "checks/mail/mail_domain.hpp"

namespace osescan::checks::mail {

namespace {

constexpr const char* k_id = "mail.dkim";
constexpr size_t k_max_selectors = 16;

bool is_dkim_text(const std::string& txt) {
    // A key record either starts with v=DKIM1 or is a tag-list with p=; other TXT
    // records at the name (e.g. verification strings) are not keys.
    DkimParse parsed = parse_dkim_key(txt);
    return parsed.record.has_value() || txt.rfind("v=DKIM1", 0) == 0;
}

Finding judge_key(const std::string& subject, const std::string& text) {
    nlohmann::json e{{"record", common::evidence_text(text)}};
    DkimParse parsed = parse_dkim_key(text);
    if (!parsed.record) {
        e["error"] = common::evidence_text(parsed.error);
        e["position"] = parsed.position;
        return common::conclude(k_id, subject, "dkim-syntax-error",
                                {{"position", std::to_string(parsed.position)}, {"error", common::display_text(parsed.error)}},
                                e);
    }
    const DkimKeyRecord& key = *parsed.record;
    e["k"] = key.k;
    e["testing"] = key.testing;
    if (key.revoked)
        return common::conclude(k_id, subject, "dkim-revoked", {}, e);
    if (key.k == "rsa") {
        auto bits = rsa_modulus_bits(key.key);
        if (!bits)
            return common::conclude(k_id, subject, "dkim-key-invalid", {{"key_problem", "p= is not an RSA public key"}}, e);
        e["bits"] = *bits;
        const nlohmann::json params{{"bits", std::to_string(*bits)}};
        if (*bits >= 2048) return common::conclude(k_id, subject, "dkim-rsa-strong", params, e);
        if (*bits >= 1024) return common::conclude(k_id, subject, "dkim-rsa-short", params, e);
        return common::conclude(k_id, subject, "dkim-rsa-weak", params, e);
    }
    if (key.k == "ed25519") {
        if (key.key.size() == 32)
            return common::conclude(k_id, subject, "dkim-ed25519", {}, e);
        return common::conclude(
            k_id, subject, "dkim-key-invalid",
            {{"key_problem", "Ed25519 key of " + std::to_string(key.key.size()) + " bytes, not 32 (RFC 8463 §4.2)"}}, e);
    }
    return common::conclude(k_id, subject, "dkim-unknown-key-type", {{"k", common::display_text(key.k, 40)}}, e);
}

}  // namespace

std::vector<Finding> check_dkim(const facts::TargetFacts& facts) {
    const std::string domain = lower_name(facts.target().host);
    const std::string base = "_domainkey." + domain;
    const std::string wildcard = "*." + base;
    std::vector<std::string> selectors =
        facts.context().setting<std::vector<std::string>>("mail.dkim_selectors", {});
    if (selectors.size() > k_max_selectors) selectors.resize(k_max_selectors);

    std::vector<facts::Request> wanted{dns_request(domain, "MX"), dns_request(base, "TXT")};
    for (const std::string& s : selectors) wanted.push_back(dns_request(lower_name(s) + "." + base, "TXT"));
    facts.need(wanted);
    const auto& mx_answer = lookup(facts, domain, "MX");
    const bool null_mx = mx_answer.ok() && common::mx_set(mx_answer.value()).null_mx;
    if (null_mx) facts.need({dns_request(wildcard, "TXT")});

    std::vector<Finding> findings;
    const auto& hint = lookup(facts, base, "TXT");
    if (!hint.ok()) {
        findings.push_back(common::probe_error_finding(k_id, base, hint.error(), "the lookup of " + base));
    } else if (hint.value().nxdomain()) {
        // RFC 8020: NXDOMAIN means nothing exists below the name either, so no selector
        // can hold a key. For a domain that sends mail that is worth a warning; a null-MX
        // domain sends none, and given selectors are judged on their own below.
        // Two outcomes, since one code has one status: unexpected (warn) and expected (info).
        const bool expected = null_mx || !selectors.empty();
        findings.push_back(common::conclude(k_id, base, expected ? "dkim-no-keys-expected" : "dkim-no-keys",
                                            {{"name", base}}, {{"rcode", "NXDOMAIN"}}));
    } else {
        // Keys live at <selector>._domainkey.<domain> (RFC 6376 §3.6.2.1): a NOERROR here
        // means names exist below it. Selectors cannot be listed, so this is the most a
        // scanner can see without --dkim-selector (the catalogue's pass criterion).
        findings.push_back(
            common::conclude(k_id, base, "dkim-keys-published", {{"name", base}}, {{"rcode", hint.value().rcode}}));
    }

    if (null_mx) {
        const auto& w = lookup(facts, wildcard, "TXT");
        bool revoked_wildcard = false;
        if (w.ok())
            for (const std::string& txt : txt_strings(w.value())) {
                DkimParse parsed = parse_dkim_key(txt);
                if (parsed.record && parsed.record->revoked) revoked_wildcard = true;
            }
        if (revoked_wildcard)
            findings.push_back(common::conclude(k_id, wildcard, "dkim-null-mx-revoked-wildcard"));
        else
            findings.push_back(common::conclude(k_id, wildcard, "dkim-null-mx-no-wildcard", {{"wildcard", wildcard}}));
    }

    for (const std::string& selector : selectors) {
        const std::string name = lower_name(selector) + "." + base;
        const std::string subject = common::evidence_text(name);
        const auto& observed = lookup(facts, name, "TXT");
        if (!observed.ok()) {
            findings.push_back(common::probe_error_finding(k_id, subject, observed.error(), "the TXT lookup of " + subject));
            continue;
        }
        std::vector<std::string> keys;
        for (std::string& txt : txt_strings(observed.value()))
            if (is_dkim_text(txt) || txt.find("p=") != std::string::npos) keys.push_back(std::move(txt));
        if (keys.empty()) {
            findings.push_back(common::conclude(k_id, subject, "dkim-selector-missing",
                                                {{"selector", common::display_text(selector, 60)}},
                                                {{"rcode", observed.value().rcode}}));
        } else if (keys.size() > 1) {
            findings.push_back(common::conclude(k_id, subject, "dkim-multiple", {{"count", std::to_string(keys.size())}}));
        } else {
            findings.push_back(judge_key(subject, keys[0]));
        }
    }
    return findings;
}

}  // namespace osescan::checks::mail
