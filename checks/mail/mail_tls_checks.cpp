#include "checks/mail/mail_tls_checks.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <string>

#include "checks/certificate/certificate_key.hpp"
#include "checks/certificate/certificate_name.hpp"
#include "checks/certificate/certificate_signature.hpp"
#include "checks/certificate/certificate_trust.hpp"
#include "checks/certificate/certificate_validity.hpp"
#include "checks/mail/mx_pkix_rule.hpp"
#include "checks/mail/mx_tls_endpoints.hpp"
#include "checks/tls/tls_scan_checks.hpp"
#include "checks/tls/tls_version.hpp"

namespace osescan::checks::mail {

namespace {

const Reference k_rfc3207{"RFC 3207 (SMTP STARTTLS)", "https://www.rfc-editor.org/rfc/rfc3207"};
const Reference k_rfc7435{"RFC 7435 (opportunistic security)", "https://www.rfc-editor.org/rfc/rfc7435"};
const Reference k_rfc7672{"RFC 7672 §1.3 and §3 (SMTP security via DANE: opportunistic TLS, certificate checks)",
                          "https://www.rfc-editor.org/rfc/rfc7672#section-3"};
const Reference k_rfc8461{"RFC 8461 §4.2 (MTA-STS: MX certificate validation)",
                          "https://www.rfc-editor.org/rfc/rfc8461#section-4.2"};
const Reference k_internet_nl{"internet.nl mail test: TLS of the mail servers", "https://internet.nl/faqs/report/"};

// The derived entries' texts live as long as the catalogue (CheckInfo holds string_views).
std::string_view keep(std::string text) {
    static std::deque<std::string> texts;  // a deque never moves what it holds
    texts.push_back(std::move(text));
    return texts.back();
}

// "tls.version" -> "mail.tls.version" where a text points at a sibling check.
std::string_view mail_ids(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) ||
                                            text[i - 1] == '.' || text[i - 1] == '-');
        if (word_start && text.substr(i, 4) == "tls." && i + 4 < text.size() &&
            std::islower(static_cast<unsigned char>(text[i + 4])))
            out += "mail.";
        out += text[i];
    }
    return out == text ? text : keep(std::move(out));
}

struct MailTexts {
    std::string_view id;
    std::string_view title;
    std::vector<ConfigSnippet> snippets;
    std::string_view why = {};  // "" = the web check's
    std::string_view fix = {};
    std::vector<std::string_view> unreachable = {};  // web outcomes an MX cannot reach
};

// The mail twin of a web check's entry: the same criteria and outcomes (texts pointing at the
// mail.* siblings), the MX endpoints' own outcomes, Postfix and Exim snippets.
CheckInfo mail_tls_info(const CheckInfo& web, MailTexts texts, std::vector<std::string_view> facts) {
    CheckInfo info = web;
    info.id = texts.id;
    info.family = Family::mail;
    info.title = texts.title;
    info.scored = true;
    info.needs_name = true;  // the MX set belongs to a domain name
    if (!texts.why.empty()) info.why = texts.why;
    info.fix = texts.fix.empty() ? mail_ids(web.fix) : texts.fix;
    info.snippets = std::move(texts.snippets);
    info.refs.insert(info.refs.begin(), {k_rfc3207, k_internet_nl});
    info.facts = std::move(facts);
    info.outcomes.clear();
    for (const Outcome& outcome : web.outcomes) {
        if (std::find(texts.unreachable.begin(), texts.unreachable.end(), outcome.code) != texts.unreachable.end())
            continue;
        Outcome mail = outcome;
        mail.summary = mail_ids(outcome.summary);
        mail.fix = mail_ids(outcome.fix);
        info.outcomes.push_back(mail);
    }
    info.outcomes = join_outcomes({std::move(info.outcomes), mx_endpoint_outcomes()});
    return info;
}

// Trust and name: each failure in three forms, a fail when MTA-STS (mode enforce) or DANE
// requires the check, a fail that does not block when only an MTA-STS policy in mode testing
// does (senders report but deliver, RFC 8461 §5), and an info twin when TLS is opportunistic;
// all say which rule applied ({rule}).
CheckInfo with_pkix_twins(CheckInfo info) {
    std::vector<Outcome> outcomes;
    for (const Outcome& outcome : info.outcomes) {
        if (outcome.status != Status::fail) {
            outcomes.push_back(outcome);
            continue;
        }
        Outcome required = outcome;
        required.summary = keep(std::string(outcome.summary) + " ({rule})");
        Outcome opportunistic = required;
        opportunistic.code = keep(std::string(outcome.code) + std::string(certificate::k_opportunistic_suffix));
        opportunistic.status = Status::info;
        opportunistic.blocking = false;
        Outcome testing = required;
        testing.code = keep(std::string(outcome.code) + std::string(certificate::k_testing_suffix));
        testing.blocking = false;
        outcomes.push_back(required);
        outcomes.push_back(testing);
        outcomes.push_back(opportunistic);
    }
    info.outcomes = std::move(outcomes);
    info.refs.push_back(k_rfc7435);
    info.refs.push_back(k_rfc7672);
    info.refs.push_back(k_rfc8461);
    return info;
}

template <const char* Id, const tls::ScanJudgement& (*Judgement)()>
std::vector<Finding> scan_check(const facts::TargetFacts& facts) {
    return tls::judge_scan(facts, Id, mx_tls_endpoints, Judgement());
}

template <const char* Id,
          std::vector<Finding> (*Judge)(const facts::TargetFacts&, const std::string&, common::EndpointSource)>
std::vector<Finding> certificate_check(const facts::TargetFacts& facts) {
    return Judge(facts, Id, mx_tls_endpoints);
}

template <const char* Id,
          std::vector<Finding> (*Judge)(const facts::TargetFacts&, const std::string&, common::EndpointSource,
                                        certificate::PkixRule),
          certificate::PkixRule Rule>
std::vector<Finding> pkix_check(const facts::TargetFacts& facts) {
    return Judge(facts, Id, mx_tls_endpoints, Rule);
}

constexpr char k_version[] = "mail.tls.version";
constexpr char k_ciphers[] = "mail.tls.ciphers";
constexpr char k_order[] = "mail.tls.cipher_order";
constexpr char k_kex[] = "mail.tls.key_exchange";
constexpr char k_hash[] = "mail.tls.kex_hash";
constexpr char k_compression[] = "mail.tls.compression";
constexpr char k_reneg[] = "mail.tls.secure_renegotiation";
constexpr char k_ems[] = "mail.tls.extended_master_secret";
constexpr char k_trust[] = "mail.tls.certificate.trust";
constexpr char k_name[] = "mail.tls.certificate.name";
constexpr char k_validity[] = "mail.tls.certificate.validity";
constexpr char k_key[] = "mail.tls.certificate.key";
constexpr char k_signature[] = "mail.tls.certificate.signature";

const std::vector<std::string_view> k_scan_facts{"dns", "smtp", "tls-scan"};
const std::vector<std::string_view> k_certificate_facts{"dns", "smtp"};
const std::vector<std::string_view> k_pkix_facts{"dns", "dnssec", "smtp", "tls", "http"};

constexpr std::string_view k_postfix = "Postfix (main.cf)";
constexpr std::string_view k_exim = "Exim";

constexpr std::string_view k_mail_certificate_why =
    "Sending servers see this certificate when they switch to TLS after STARTTLS. Senders that "
    "authenticate the MX host (MTA-STS, DANE) judge it as a browser would and hold the mail when it "
    "fails; the others use it for encryption only. ";

// A mail twin in the list: its entry derived from `web`, run over the MX endpoints.
// Nothing here blocks: senders deliver over any TLS, or none, unless MTA-STS or DANE asks them
// to authenticate the MX (RFC 7435, RFC 7672 §1.3); an expired certificate under such a
// policy is a failure of mail.tls.certificate.trust (OpenSSL's verification), which blocks.
Check entry(const Check& web, MailTexts texts, const std::vector<std::string_view>& facts, CheckFn run) {
    CheckInfo info = mail_tls_info(web.info, std::move(texts), facts);
    for (Outcome& outcome : info.outcomes) outcome.blocking = false;
    return {std::move(info), run};
}
Check pkix_entry(const Check& web, MailTexts texts, CheckFn run) {
    return {with_pkix_twins(mail_tls_info(web.info, std::move(texts), k_pkix_facts)), run};
}

}  // namespace

const std::vector<Check>& mail_tls_checks() {
    static const std::vector<Check> list{
        entry(tls::tls_version_check(),
              {k_version,
               "TLS versions on every MX",
               {{k_postfix, "smtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2"},
                {k_exim, "openssl_options = +no_sslv2 +no_sslv3 +no_tlsv1 +no_tlsv1_1"}}},
              k_scan_facts, scan_check<k_version, tls::version_judgement>),
        entry(tls::tls_ciphers_check(),
              {k_ciphers,
               "TLS cipher suites on every MX",
               {{k_postfix,
                 "smtpd_tls_ciphers = high\nsmtpd_tls_mandatory_ciphers = high\n"
                 "tls_high_cipherlist = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                 "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                 "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"},
                {k_exim,
                 "tls_require_ciphers = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                 "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                 "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"}}},
              k_scan_facts, scan_check<k_ciphers, tls::ciphers_judgement>),
        entry(tls::tls_cipher_order_check(),
              {k_order,
               "TLS cipher order on every MX",
               {{k_postfix, "tls_preempt_cipherlist = yes"}, {k_exim, "openssl_options = +cipher_server_preference"}}},
              k_scan_facts, scan_check<k_order, tls::cipher_order_judgement>),
        entry(tls::tls_key_exchange_check(),
              {k_kex,
               "TLS key exchange on every MX",
               {{k_postfix,
                 "tls_eecdh_auto_curves = X25519 prime256v1 secp384r1\n"
                 "# Postfix >= 3.8: no finite-field DHE\ntls_ffdhe_auto_groups ="},
                {k_exim, "tls_eccurve = X25519:prime256v1:secp384r1\ntls_dhparam = none"}}},
              k_scan_facts, scan_check<k_kex, tls::key_exchange_judgement>),
        entry(tls::tls_kex_hash_check(),
              {k_hash,
               "TLS 1.2 key-exchange signature hash on every MX",
               {{k_postfix,
                 "# OpenSSL's security level 1 or more excludes SHA-1 signatures\n"
                 "tls_high_cipherlist = ECDHE+AESGCM:ECDHE+CHACHA20:@SECLEVEL=2"},
                {k_exim, "tls_require_ciphers = ECDHE+AESGCM:ECDHE+CHACHA20:@SECLEVEL=2"}}},
              k_scan_facts, scan_check<k_hash, tls::kex_hash_judgement>),
        entry(tls::tls_compression_check(),
              {k_compression,
               "TLS compression on every MX",
               {{k_postfix, "tls_ssl_options = NO_COMPRESSION"}, {k_exim, "openssl_options = +no_compression"}}},
              k_scan_facts, scan_check<k_compression, tls::compression_judgement>),
        entry(tls::tls_secure_renegotiation_check(),
              {k_reneg,
               "TLS secure renegotiation on every MX",
               {{k_postfix,
                 "# built into OpenSSL >= 0.9.8m; Postfix >= 3.4 can refuse renegotiation:\n"
                 "tls_ssl_options = NO_RENEGOTIATION"},
                {k_exim, "# built into every maintained OpenSSL and GnuTLS: upgrade the library"}}},
              k_scan_facts, scan_check<k_reneg, tls::secure_renegotiation_judgement>),
        entry(tls::tls_extended_master_secret_check(),
              {k_ems,
               "TLS extended master secret on every MX",
               {{k_postfix,
                 "# on by default with OpenSSL >= 1.1.0; remove any\n"
                 "# 'Options = -ExtendedMasterSecret' from tls_config_file"},
                {k_exim, "# on by default with OpenSSL >= 1.1.0 and GnuTLS >= 3.4"}}},
              k_scan_facts, scan_check<k_ems, tls::extended_master_secret_judgement>),
        pkix_entry(certificate::certificate_trust_check(),
                   {k_trust,
                    "MX certificate trusted (where required)",
                    {{k_postfix,
                      "smtpd_tls_chain_files = /etc/ssl/private/mx.example.com.key,\n"
                      "                        /etc/ssl/certs/mx.example.com.fullchain.pem"},
                     {k_exim,
                      "tls_certificate = /etc/ssl/certs/mx.example.com.fullchain.pem\n"
                      "tls_privatekey = /etc/ssl/private/mx.example.com.key"}},
                    keep(std::string(k_mail_certificate_why) +
                         "A chain that does not lead to a trusted root makes MTA-STS senders (RFC 8461 §4.2) hold "
                         "the mail; without MTA-STS it is reported for information only: opportunistic senders "
                         "deliver anyway (RFC 7435), and DANE senders check the chain against the domain's own "
                         "trust anchors (mail.dane)."),
                    "Serve a certificate from a publicly trusted CA with its full chain (the leaf followed by "
                    "the intermediates) on every MX host, at least when the domain publishes an MTA-STS policy."},
                   pkix_check<k_trust, certificate::judge_certificate_trust, mx_trust_requirement>),
        pkix_entry(certificate::certificate_name_check(),
                   {k_name,
                    "MX certificate matches the MX name (where required)",
                    {{k_postfix,
                      "# a certificate listing the MX host name, e.g. certbot certonly -d mx.example.com\n"
                      "smtpd_tls_chain_files = /etc/ssl/private/mx.example.com.key,\n"
                      "                        /etc/ssl/certs/mx.example.com.fullchain.pem"},
                     {k_exim,
                      "tls_certificate = /etc/ssl/certs/mx.example.com.fullchain.pem\n"
                      "tls_privatekey = /etc/ssl/private/mx.example.com.key"}},
                    keep(std::string(k_mail_certificate_why) +
                         "A certificate not valid for the MX host name makes MTA-STS senders (RFC 8461 §4.2) and "
                         "DANE senders with a DANE-TA(2) record (RFC 7672 §3.2.2) hold the mail; otherwise it is "
                         "reported for information only (opportunistic TLS, RFC 7435)."),
                    "Use a certificate that lists every MX host name the domain's MX records point at, on every "
                    "MX address.",
                    {"ip-target"}},  // an MX endpoint always has its host name
                   pkix_check<k_name, certificate::judge_certificate_name, mx_name_requirement>),
        entry(certificate::certificate_validity_check(),
              {k_validity,
               "MX certificate validity period",
               {{"shell (certbot, Postfix)", "certbot renew --deploy-hook \"systemctl reload postfix\""},
                {"shell (certbot, Exim)", "certbot renew --deploy-hook \"systemctl reload exim4\""}},
               keep(std::string(k_mail_certificate_why) +
                    "An expired certificate makes every authenticating sender hold the mail, and an "
                    "expiry within two weeks usually means automatic renewal is broken."),
               "Renew the certificate and reload the mail server; automate renewal with a reload "
               "hook and monitor expiry."},
              k_certificate_facts, certificate_check<k_validity, certificate::judge_certificate_validity>),
        entry(certificate::certificate_key_check(),
              {k_key,
               "MX certificate key strength",
               {{k_postfix,
                 "# Postfix serves an ECDSA and an RSA certificate side by side\n"
                 "smtpd_tls_chain_files = /etc/ssl/private/mx-ecdsa.key, /etc/ssl/certs/mx-ecdsa.pem,\n"
                 "                        /etc/ssl/private/mx-rsa3072.key, /etc/ssl/certs/mx-rsa3072.pem"},
                {k_exim,
                 "tls_certificate = /etc/ssl/certs/mx-ecdsa.pem\n"
                 "tls_privatekey = /etc/ssl/private/mx-ecdsa.key"}},
               keep(std::string(k_mail_certificate_why) + "A key that is too small can be broken, letting an "
                                                          "attacker impersonate the MX host.")},
              k_certificate_facts, certificate_check<k_key, certificate::judge_certificate_key>),
        entry(certificate::certificate_signature_check(),
              {k_signature,
               "MX certificate signature hash",
               {{k_postfix,
                 "# the hash is the CA's choice: replace the certificate, then\n"
                 "postfix reload"},
                {k_exim,
                 "# the hash is the CA's choice: replace the certificate, then\n"
                 "systemctl reload exim4"}},
               keep(std::string(k_mail_certificate_why) + "A certificate signed with a weak hash (SHA-1, MD5) "
                                                          "can be forged.")},
              k_certificate_facts, certificate_check<k_signature, certificate::judge_certificate_signature>),
    };
    return list;
}

}  // namespace osescan::checks::mail
