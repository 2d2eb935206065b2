// The one list of checks: unique ids, complete texts and references, ids that follow the
// family's prefix convention (shared/design/checks.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "checks/common/findings.hpp"
#include "checks/registry.hpp"

using namespace osescan::checks;

namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Allowed id prefixes per family (checks.md: "https" holds hsts/http/security_txt, "headers"
// the HTTP security headers (issue 15); checks.md lists dane.web and caa under tls, but they
// judge what the certificate may be and which certificate is served, so they are shown with
// the certificate family beside "tls.certificate.*"; "time" holds the NTS/NTP checks).
const std::map<Family, std::vector<std::string_view>>& family_prefixes() {
    static const std::map<Family, std::vector<std::string_view>> prefixes{
        {Family::https, {"https.", "hsts.", "http.", "security_txt"}},
        {Family::headers, {"headers."}},
        {Family::tls, {"tls."}},
        {Family::certificate, {"tls.certificate.", "dane.", "caa"}},
        {Family::dnssec, {"dnssec."}},
        {Family::ipv6, {"ipv6."}},
        {Family::rpki, {"rpki."}},
        {Family::mail, {"mail."}},
        {Family::time, {"nts.", "ntp."}},
    };
    return prefixes;
}

bool valid_id_syntax(std::string_view id) {
    if (id.empty() || id.front() == '.' || id.back() == '.') return false;
    for (const char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')) return false;
    return id.find("..") == std::string_view::npos;
}

}  // namespace

TEST_CASE("registry: every check is complete and well named") {
    REQUIRE_FALSE(all_checks().empty());
    std::set<std::string_view> ids;
    for (const Check& check : all_checks()) {
        const CheckInfo& info = check.info;
        INFO("check " << info.id);
        CHECK(ids.insert(info.id).second);  // unique
        CHECK(valid_id_syntax(info.id));
        CHECK(static_cast<bool>(check.run));
        CHECK(find_check(info.id) == &check);
        CHECK_FALSE(info.title.empty());
        CHECK(info.why.size() >= 80);   // 2-4 sentences a webmaster understands
        CHECK(info.fix.size() >= 60);
        CHECK_FALSE(info.refs.empty());
        for (const Reference& ref : info.refs) {
            CHECK_FALSE(ref.label.empty());
            CHECK(starts_with(ref.url, "https://"));
        }
        for (const ConfigSnippet& snippet : info.snippets) {
            CHECK_FALSE(snippet.server.empty());
            CHECK_FALSE(snippet.code.empty());
        }
        CHECK_FALSE(info.facts.empty());
        for (std::string_view kind : info.facts)
            CHECK((kind == "dns" || kind == "dnssec" || kind == "tls" || kind == "tls-scan" || kind == "tls-behaviour" ||
                   kind == "http" || kind == "route" || kind == "revocation" || kind == "nts" || kind == "ntp" ||
                   kind == "smtp"));

        // The id follows its family's prefix convention; tls.certificate.* is certificate only.
        const auto& prefixes = family_prefixes().at(info.family);
        CHECK(std::any_of(prefixes.begin(), prefixes.end(),
                          [&](std::string_view p) { return starts_with(info.id, p); }));
        if (starts_with(info.id, "tls.certificate.")) CHECK(info.family == Family::certificate);
    }
}

TEST_CASE("registry: the https, headers, tls and certificate families hold exactly their checks, in report order") {
    std::map<Family, std::vector<std::string_view>> by_family;
    for (const Check& check : all_checks()) by_family[check.info.family].push_back(check.info.id);
    CHECK(by_family[Family::https] == std::vector<std::string_view>{"https.available", "https.redirect", "hsts.policy",
                                                                    "security_txt", "hsts.preload", "http.compression"});
    CHECK(by_family[Family::headers] ==
          std::vector<std::string_view>{"headers.csp", "headers.x_frame_options", "headers.x_content_type_options",
                                        "headers.referrer_policy", "headers.permissions_policy", "headers.cookies"});
    CHECK(by_family[Family::tls] ==
          std::vector<std::string_view>{"tls.version", "tls.ciphers", "tls.cipher_order", "tls.key_exchange",
                                        "tls.kex_hash", "tls.compression", "tls.secure_renegotiation",
                                        "tls.client_renegotiation", "tls.zero_rtt", "tls.extended_master_secret",
                                        "tls.post_quantum", "tls.fallback_scsv", "tls.ocsp_stapling"});
    CHECK(by_family[Family::certificate] ==
          std::vector<std::string_view>{"tls.certificate.trust", "tls.certificate.name", "tls.certificate.validity",
                                        "tls.certificate.key", "tls.certificate.signature",
                                        "tls.certificate.revocation", "tls.certificate.transparency",
                                        "tls.certificate.lifetime", "dane.web", "caa"});
}

TEST_CASE("registry: web-server checks show both nginx and Apache configuration") {
    for (std::string_view id :
         {"https.available", "https.redirect", "hsts.policy", "tls.version", "tls.ciphers", "tls.cipher_order",
          "tls.key_exchange", "tls.kex_hash", "tls.compression", "tls.secure_renegotiation",
          "tls.extended_master_secret", "tls.post_quantum", "tls.fallback_scsv", "tls.certificate.trust",
          "tls.certificate.name", "tls.certificate.key", "hsts.preload", "http.compression", "headers.csp",
          "headers.x_frame_options", "headers.x_content_type_options", "headers.referrer_policy",
          "headers.permissions_policy", "headers.cookies"}) {
        INFO(id);
        const Check* check = find_check(id);
        REQUIRE(check);
        std::set<std::string_view> servers;
        for (const ConfigSnippet& snippet : check->info.snippets) servers.insert(snippet.server);
        CHECK(servers.count("nginx") == 1);
        CHECK(servers.count("Apache") == 1);
    }
}

TEST_CASE("registry: only the name check needs a host name; HSTS too (browsers ignore it for IPs)") {
    CHECK(find_check("tls.certificate.name")->info.needs_name);
    CHECK(find_check("hsts.policy")->info.needs_name);
    for (std::string_view id : {"https.available", "https.redirect", "tls.version", "tls.certificate.trust",
                                "tls.certificate.validity", "tls.certificate.key", "tls.certificate.signature"})
        CHECK_FALSE(find_check(id)->info.needs_name);
}

TEST_CASE("registry: selection by family and prefix") {
    const Selection certificate = select_checks({"tls.certificate"}, {});
    CHECK(certificate.unknown.empty());
    CHECK(certificate.checks.size() == 8);
    const Selection tls = select_checks({"tls"}, {});
    CHECK(tls.checks.size() >= 6);  // tls.version plus the tls.certificate.* ids by prefix
}

namespace {
bool kebab_case(std::string_view code) {
    if (code.empty() || code.front() == '-' || code.back() == '-') return false;
    for (const char c : code)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}
}  // namespace

TEST_CASE("registry: every outcome is declared once, with a status and a text whose parameters close") {
    for (const Check& check : all_checks()) {
        INFO("check " << check.info.id);
        std::set<std::string_view> codes;
        CHECK_FALSE(check.info.outcomes.empty());  // every check is declared with its table
        for (const Outcome& outcome : check.info.outcomes) {
            INFO("outcome " << outcome.code);
            CHECK(codes.insert(outcome.code).second);
            CHECK(kebab_case(outcome.code));
            CHECK(find_shared_outcome(outcome.code) == nullptr);  // the shared ones are not redeclared
            CHECK(outcome.summary.size() >= 10);
            CHECK(std::count(outcome.summary.begin(), outcome.summary.end(), '{') ==
                  std::count(outcome.summary.begin(), outcome.summary.end(), '}'));
            CHECK(find_outcome(check.info, outcome.code) == &outcome);
        }
    }
}

TEST_CASE("outcomes: texts are rendered from parameters; undeclared outcomes and missing parameters are bugs") {
    CHECK(render_summary("{endpoint} accepts {n} versions", {{"endpoint", "a:443"}, {"n", 2}}) == "a:443 accepts 2 versions");
    CHECK(render_summary("no parameters", nlohmann::json::object()) == "no parameters");
    CHECK_THROWS_AS(render_summary("{missing}", nlohmann::json::object()), std::logic_error);
    CHECK_THROWS_AS(render_summary("{open", {{"open", 1}}), std::logic_error);
    CHECK(find_shared_outcome("probe-timeout") != nullptr);
    CHECK(find_shared_outcome("probe-") == nullptr);
    CHECK(find_shared_outcome("needs-host-name")->status == Status::not_applicable);
}
