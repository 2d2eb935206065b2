// security_txt: the RFC 9116 parser and field rules, and every outcome of the check.
#include <doctest/doctest.h>

#include "checks/https/security_txt.hpp"
#include "checks/https/security_txt_file.hpp"
#include "tests/unit/checks_fixtures.hpp"

using namespace osescan;
using namespace osescan::checks::https;
using osescan::checks::Status;
using osescan::test::FactsFixture;
using osescan::test::k_day;
using osescan::test::k_test_now;

namespace {

constexpr const char* k_v4 = "198.51.100.10";
constexpr const char* k_url = "https://example.test/.well-known/security.txt";
// k_test_now is 2025-06-15T15:06:40Z.
const std::string k_good = "# our contacts\nContact: mailto:security@example.test\nExpires: 2025-12-31T23:59:59Z\n";

facts::HttpResponse file(const std::string& body, const std::string& type = "text/plain; charset=utf-8",
                         int status = 200) {
    facts::HttpResponse r = test::http_response(status, {{"Content-Type", type}});
    r.body = body;
    r.body_bytes = body.size();
    return r;
}

checks::Finding judge(facts::Observed<facts::HttpResponse> well_known,
                      std::optional<facts::Observed<facts::HttpResponse>> legacy = std::nullopt) {
    FactsFixture f;
    f.addresses({k_v4}, {});
    const auto view = f.replay();
    f.http(security_txt_request(view, k_v4, k_security_txt_path), std::move(well_known));
    if (legacy) f.http(security_txt_request(view, k_v4, k_security_txt_legacy_path), std::move(*legacy));
    const auto findings = check_security_txt(f.replay());
    REQUIRE(findings.size() == 1);
    return findings[0];
}

}  // namespace

TEST_CASE("security_txt: RFC 3339 dates") {
    CHECK(parse_rfc3339("2025-06-15T15:06:40Z") == k_test_now);
    CHECK(parse_rfc3339("2025-06-15T17:06:40+02:00") == k_test_now);
    CHECK(parse_rfc3339("2025-06-15t15:06:40.123z") == k_test_now);
    CHECK(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
    CHECK_FALSE(parse_rfc3339("2025-02-29T00:00:00Z"));
    CHECK_FALSE(parse_rfc3339("2025-06-15"));
    CHECK_FALSE(parse_rfc3339("2025-06-15 15:06:40Z"));
    CHECK_FALSE(parse_rfc3339("2025-06-15T15:06:40"));
    CHECK_FALSE(parse_rfc3339("Sun, 15 Jun 2025 15:06:40 GMT"));
    CHECK_FALSE(parse_rfc3339("2025-13-01T00:00:00Z"));
}

TEST_CASE("security_txt: the file format") {
    const SecurityTxtFile plain =
        parse_security_txt("Contact: https://example.test/report\r\n\r\n# c\r\nExpires: x\r\n");
    CHECK_FALSE(plain.pgp_signed);
    REQUIRE(plain.fields.size() == 2);
    CHECK(plain.fields[0].name == "Contact");
    CHECK(plain.fields[0].value == "https://example.test/report");
    CHECK(plain.fields[1].line == 4);
    CHECK(plain.problems.empty());
    const SecurityTxtFile broken = parse_security_txt("Contact mailto:a@b\n: x\n");
    CHECK(broken.problems.size() == 2);
    CHECK(broken.problems[0].find("line 1") != std::string::npos);
    CHECK(parse_security_txt("Contact: mailto:\xFF@example\n").problems.at(0).find("UTF-8") != std::string::npos);

    const std::string signed_file =
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:security@example.test\n"
        "- -----dash-escaped comment\nExpires: 2025-12-31T23:59:59Z\n-----BEGIN PGP SIGNATURE-----\n\n"
        "iHUEARYIAB0WIQ==\n-----END PGP SIGNATURE-----\n";
    const SecurityTxtFile signed_parsed = parse_security_txt(signed_file);
    CHECK(signed_parsed.pgp_signed);
    CHECK(signed_parsed.fields.size() == 2);
    CHECK(signed_parsed.problems.size() == 1);  // the dash-escaped line is no field
    const SecurityTxtFile unterminated =
        parse_security_txt("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@b.test\n");
    CHECK(unterminated.problems.at(0).find("BEGIN PGP SIGNATURE") != std::string::npos);

    CHECK(security_txt_uri_problem("Contact", "mailto:security@example.test") == "");
    CHECK(security_txt_uri_problem("Contact", "tel:+31-70-1234567") == "");
    CHECK(security_txt_uri_problem("Policy", "https://example.test/policy") == "");
    CHECK(security_txt_uri_problem("Encryption", "openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f") == "");
    CHECK(security_txt_uri_problem("Policy", "http://example.test/policy").find("https://") != std::string::npos);
    CHECK(security_txt_uri_problem("Hiring", "mailto:jobs@example.test").find("scheme") != std::string::npos);
    CHECK(security_txt_uri_problem("Contact", "security@example.test").find("absolute URI") != std::string::npos);
    CHECK(security_txt_uri_problem("Contact", "https://").find("without a host") != std::string::npos);
    CHECK(security_txt_uri_problem("Contact", "mailto: x").find("spaces") != std::string::npos);
}

TEST_CASE("security_txt: field rules") {
    auto verdict = [](const std::string& body) {
        return judge_security_txt(parse_security_txt(body), k_url, k_test_now);
    };
    CHECK(verdict(k_good).problems.empty());
    CHECK(verdict("Expires: 2025-12-31T23:59:59Z\n").problems.at(0).find("no Contact") != std::string::npos);
    CHECK(verdict("Contact: mailto:a@example.test\n").problems.at(0).find("no Expires") != std::string::npos);
    CHECK(verdict(k_good + "Expires: 2025-11-30T23:59:59Z\n").problems.at(0).find("2 times") != std::string::npos);
    CHECK(verdict("Contact: mailto:a@example.test\nExpires: 31 Dec 2025\n").problems.at(0).find("RFC 3339") !=
          std::string::npos);
    CHECK(verdict(k_good + "Canonical: https://example.test/.well-known/security.txt\n").problems.empty());
    CHECK(
        verdict(k_good + "Canonical: https://other.test/.well-known/security.txt\n").problems.at(0).find("Canonical") !=
        std::string::npos);
    CHECK(verdict(k_good + "Preferred-Languages: en\nPreferred-Languages: nl\n").problems.size() == 1);
    CHECK(verdict(k_good + "X-Extra: 1\n").unknown_fields == std::vector<std::string>{"X-Extra"});
    CHECK(verdict("Contact: mailto:a@example.test\nExpires: 2025-06-01T00:00:00Z\n").expired);
    CHECK(verdict("Contact: mailto:a@example.test\nExpires: 2026-12-01T00:00:00Z\n").long_lived);
}

TEST_CASE("security_txt: outcomes") {
    SUBCASE("a valid file: pass") {
        const auto f = judge(file(k_good));
        CHECK(f.status == Status::pass);
        CHECK(f.outcome == "valid");
        CHECK(f.summary.find("mailto:security@example.test") != std::string::npos);
        CHECK(f.evidence.at("expires") == "2025-12-31T23:59:59Z");
        CHECK(f.evidence.at("pgp_signed") == false);
    }
    SUBCASE("errors: warn, each named") {
        const auto f = judge(file("Contact: http://example.test/report\n", "text/html"));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "errors");
        CHECK(f.evidence.at("problems").size() == 3);  // Content-Type, http://, no Expires
        CHECK(f.summary.find("not text/plain") != std::string::npos);
    }
    SUBCASE("no charset=utf-8: an error") {
        const auto f = judge(file(k_good, "text/plain"));
        CHECK(f.outcome == "errors");
        CHECK(f.evidence.at("problems").at(0).get<std::string>().find("charset=utf-8") != std::string::npos);
    }
    SUBCASE("too large: an error") {
        facts::HttpResponse r = file(k_good + std::string(40000, '#'));
        const auto f = judge(r);
        CHECK(f.outcome == "errors");
        CHECK(f.evidence.at("problems").at(0).get<std::string>().find("larger than 32 KiB") != std::string::npos);
    }
    SUBCASE("expired: warn") {
        const auto f = judge(file("Contact: mailto:a@example.test\nExpires: 2025-01-01T00:00:00Z\n"));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "expired");
        CHECK(f.evidence.at("expires_in_days") < 0);
    }
    SUBCASE("more than a year ahead: warn") {
        const auto f = judge(file("Contact: mailto:a@example.test\nExpires: 2027-01-01T00:00:00Z\n"));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "long-lived");
    }
    SUBCASE("a PGP-signed file is read inside the signature") {
        const auto f = judge(file("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + k_good +
                                  "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n"));
        CHECK(f.outcome == "valid");
        CHECK(f.evidence.at("pgp_signed") == true);
        CHECK(f.summary.find("PGP-signed") != std::string::npos);
    }
    SUBCASE("404 and no legacy file: info") {
        const auto f = judge(file("not found", "text/html", 404), file("not found", "text/html", 404));
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "missing");
        CHECK(f.summary.find("HTTP 404") != std::string::npos);
    }
    SUBCASE("an HTML page for every path is no security.txt: info") {
        const auto f = judge(file("<html>shop</html>", "text/html; charset=utf-8"));
        CHECK(f.status == Status::info);
        CHECK(f.outcome == "not-security-txt");
        CHECK(f.evidence.contains("note"));
    }
    SUBCASE("a catch-all text page without any RFC 9116 field is no security.txt: info") {
        const auto f = judge(file("strong.osescan.test\n", "text/plain"));
        CHECK(f.outcome == "not-security-txt");
        CHECK(f.evidence.at("note") == "the response has no security.txt field at all");
    }
    SUBCASE("a same-host redirect is followed once (RFC 9116 §3)") {
        facts::HttpResponse moved = file("", "text/html", 301);
        moved.headers.push_back({"Location", "https://example.test/security.txt"});
        const auto f = judge(moved, file(k_good));
        CHECK(f.outcome == "valid");
        CHECK(f.evidence.at("redirected_to") == "https://example.test/security.txt");
    }
    SUBCASE("a redirect to another host is named, not followed") {
        facts::HttpResponse moved = file("", "text/html", 302);
        moved.headers.push_back({"Location", "https://elsewhere.test/.well-known/security.txt"});
        const auto f = judge(moved, file("", "text/html", 404));
        CHECK(f.outcome == "missing");
        CHECK(f.evidence.at("location") == "https://elsewhere.test/.well-known/security.txt");
        CHECK_FALSE(f.evidence.contains("redirected_to"));
    }
    SUBCASE("only the legacy /security.txt: warn") {
        const auto f = judge(file("", "text/html", 404), file(k_good));
        CHECK(f.status == Status::warn);
        CHECK(f.outcome == "legacy-location");
        CHECK(f.evidence.at("legacy_url") == "https://example.test/security.txt");
    }
    SUBCASE("the fetch failed: error") {
        const auto f = judge(test::probe_error("timeout", "no answer"));
        CHECK(f.status == Status::error);
        CHECK(f.outcome == "probe-timeout");
    }
    SUBCASE("the legacy file is asked only after the well-known one is missing") {
        FactsFixture f;
        f.addresses({k_v4}, {});
        const auto live = f.live();
        CHECK_THROWS_AS(check_security_txt(live), facts::FactsPending);
        CHECK(live.missing().size() == 1);
        f.http(security_txt_request(live, k_v4, k_security_txt_path), file("", "text/html", 404));
        const auto again = f.live();
        CHECK_THROWS_AS(check_security_txt(again), facts::FactsPending);
        REQUIRE(again.missing().size() == 1);
        CHECK(std::get<facts::HttpRequest>(again.missing()[0]).path == "/security.txt");
    }
}
