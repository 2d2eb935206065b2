// DKIM: the key-record parser, base64 and the minimal SPKI reader (RFC 6376 §3.6.1,
// RFC 8463 examples, malformed input) and every outcome of mail.dkim from recorded facts.
#include <doctest/doctest.h>

#include "checks/mail/dkim_check.hpp"
#include "checks/mail/dkim_record.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

using namespace osescan;
using namespace osescan::checks::mail;
using checks::Status;
using test::mail::MailWorld;

namespace {
// Public keys made with `openssl genrsa N | openssl rsa -pubout -outform DER | base64`.
const std::string k_rsa2048 = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz7Q5QuhEb1Ba7/U5iBEiCbn0Ym9b9Iq/01f2OlG8t/oLHL1pNxDUR3plIrX5Q2dwWhivxBGmbT+8/DbJZk66psDlLJFOUvctsRcYKroIq4wOyNRwmwBcnvxov46Bk4SuEszzHJmRM3324lK+b7HnXtxlbyQYMsMX8oEhwGML2LI5F4zWj8SXMsakF8finhYilM1ELGd6F75kt0TGVEIfSqYW28ZnqcoHBzXBdhWS6sYE+89JvpeJEa43/3PGkW/UxQXS7RlU+GLNKhhmQnG/kcOBIdrVsFCWYnFuZM7y4gmKVlDm5nsY92JLiXVcFxkrDtGHR3TbQYx/U8kcJL+vzwIDAQAB";
const std::string k_rsa1024 = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCmEC5WA1FlYknC6AvyaIlQZh5AvLnxL+K9YILWAc3tE5+29AV/OZ9TNwWGovchiTtfHy3wcZFMbIdCKSS7yg51bOYag8HUqKvKb5lfREIvrExn1AsPBz3oy2mfnKZEHK/4653fh4+iJqmgjHnxVqJbqWTReN2GRAiyBzOMrv4RBwIDAQAB";
const std::string k_rsa512 = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMifJpUUM8abYAPZrE48WWadVQDDBJa4hNbLOzAqBcmy2SJNYoQWhr6a42fcsDtI0E2UTWcejBLV3VQJ6DbMcgUCAwEAAQ==";
// RFC 8463 appendix A.2 example Ed25519 public key.
const std::string k_ed25519 = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
}  // namespace

TEST_CASE("mail dkim parser and key sizes") {
    auto p = parse_dkim_key("v=DKIM1; k=rsa; p=" + k_rsa2048);
    REQUIRE(p.record);
    CHECK(rsa_modulus_bits(p.record->key) == 2048);
    CHECK(rsa_modulus_bits(*decode_base64(k_rsa1024)) == 1024);
    CHECK(rsa_modulus_bits(*decode_base64(k_rsa512)) == 512);
    p = parse_dkim_key("v=DKIM1; k=ed25519; p=" + k_ed25519);
    REQUIRE(p.record);
    CHECK(p.record->k == "ed25519");
    CHECK(p.record->key.size() == 32);
    p = parse_dkim_key("k=rsa; t=y:s; h=sha256; s=email; p=");
    REQUIRE(p.record);
    CHECK(p.record->revoked);
    CHECK(p.record->testing);
    CHECK(p.record->hashes == std::vector<std::string>{"sha256"});
    // base64 with folding whitespace (RFC 6376 §3.6.1 allows FWS in p=)
    std::string folded = k_rsa2048.substr(0, 100) + " \t " + k_rsa2048.substr(100);
    p = parse_dkim_key("p=" + folded);
    REQUIRE(p.record);
    CHECK(rsa_modulus_bits(p.record->key) == 2048);

    struct Bad {
        std::string text;
        size_t position;
    };
    for (const Bad& bad : {Bad{"", 0}, Bad{"v=DKIM1", 0}, Bad{"k=rsa; v=DKIM1; p=", 7}, Bad{"v=DKIM2; p=", 0},
                           Bad{"v=DKIM1; p=; p=", 13}, Bad{"v=DKIM1; p=abc", 9}, Bad{"v=DKIM1; p=a=bc", 9},
                           Bad{"v=DKIM1; novalue; p=", 9}, Bad{"v=DKIM1; n=caf\xc3\xa9; p=", 9},
                           Bad{"v=DKIM1; p=" + std::string(9000, 'A'), k_dkim_max_chars}}) {
        CAPTURE(bad.text);
        auto r = parse_dkim_key(bad.text);
        CHECK_FALSE(r.record.has_value());
        CHECK(r.position == bad.position);
    }
    CHECK_FALSE(rsa_modulus_bits({}).has_value());
    CHECK_FALSE(rsa_modulus_bits({0x30, 0x84, 0xff, 0xff, 0xff, 0xff}).has_value());
    CHECK_FALSE(rsa_modulus_bits(*decode_base64(k_ed25519)).has_value());
    CHECK(decode_base64("Zm9v") == std::vector<uint8_t>{'f', 'o', 'o'});
    CHECK_FALSE(decode_base64("Zm9").has_value());
    CHECK_FALSE(decode_base64("Zg==Zg==").has_value());
}

namespace {
MailWorld dkim_world(const std::vector<std::string>& selectors) {
    MailWorld w;
    w.context.settings["mail.dkim_selectors"] = selectors;
    w.dns("example.com", "MX", {"10 mx.example.com"});
    w.dns("_domainkey.example.com", "TXT", {});
    return w;
}
}  // namespace

TEST_CASE("mail.dkim outcomes from recorded facts") {
    SUBCASE("hints from _domainkey (RFC 8020)") {
        auto w = dkim_world({});
        auto f = w.one(check_dkim);
        CHECK(f.outcome == "dkim-keys-published");
        CHECK(f.status == Status::pass);
        w.nxdomain("_domainkey.example.com", "TXT");
        f = w.one(check_dkim);
        CHECK(f.outcome == "dkim-no-keys");
        CHECK(f.status == Status::warn);
        CHECK(f.summary == "_domainkey.example.com does not exist (NXDOMAIN): the domain publishes no DKIM keys "
                           "(RFC 8020), so receivers cannot verify DKIM signatures of its mail");
        // A null-MX domain sends no mail: no keys is consistent, and the summary says no more.
        // Its own outcome: info, as the null-MX sending no mail is consistent.
        w.dns("example.com", "MX", {"0 ."});
        w.nxdomain("*._domainkey.example.com", "TXT");
        const auto findings = w.run(check_dkim);
        CHECK(MailWorld::outcome_of(findings, "_domainkey.example.com") == "info dkim-no-keys-expected");
        CHECK(findings[0].summary ==
              "_domainkey.example.com does not exist (NXDOMAIN): the domain publishes no DKIM keys (RFC 8020)");
    }
    SUBCASE("SERVFAIL is an error, never 'keys exist' or 'no keys'") {
        auto w = dkim_world({});
        w.dns("_domainkey.example.com", "TXT", {}, "SERVFAIL");
        auto f = w.one(check_dkim);
        CHECK(f.status == Status::error);
        CHECK(f.summary.find("SERVFAIL") != std::string::npos);
        // A SERVFAIL of one selector is an error about that selector only.
        auto s = dkim_world({"sel"});
        s.dns("sel._domainkey.example.com", "TXT", {}, "SERVFAIL");
        auto findings = s.run(check_dkim);
        CHECK(MailWorld::outcome_of(findings, "_domainkey.example.com") == "pass dkim-keys-published");
        CHECK(MailWorld::outcome_of(findings, "sel._domainkey.example.com").rfind("error ", 0) == 0);
    }
    SUBCASE("selectors judged by key") {
        auto w = dkim_world({"strong", "short", "weak", "ed", "revoked", "broken", "absent", "edbad", "dsa"});
        CHECK(w.next_round(check_dkim).size() == 9);
        w.dns("strong._domainkey.example.com", "TXT", {"v=DKIM1; k=rsa; p=" + k_rsa2048});
        w.dns("short._domainkey.example.com", "TXT", {"v=DKIM1; p=" + k_rsa1024});
        w.dns("weak._domainkey.example.com", "TXT", {"v=DKIM1; p=" + k_rsa512});
        w.dns("ed._domainkey.example.com", "TXT", {"v=DKIM1; k=ed25519; p=" + k_ed25519});
        w.dns("revoked._domainkey.example.com", "TXT", {"v=DKIM1; p="});
        w.dns("broken._domainkey.example.com", "TXT", {"v=DKIM1; p=" + k_rsa2048 + "; p=x"});
        w.nxdomain("absent._domainkey.example.com", "TXT");
        w.dns("edbad._domainkey.example.com", "TXT", {"v=DKIM1; k=ed25519; p=" + k_rsa512});
        w.dns("dsa._domainkey.example.com", "TXT", {"v=DKIM1; k=dsa; p=" + k_rsa512});
        auto findings = w.run(check_dkim);
        REQUIRE(findings.size() == 10);
        auto outcome = [&](const std::string& s) { return test::mail::MailWorld::outcome_of(findings, s + "._domainkey.example.com"); };
        CHECK(outcome("strong") == "pass dkim-rsa-strong");
        CHECK(outcome("short") == "warn dkim-rsa-short");
        CHECK(outcome("weak") == "fail dkim-rsa-weak");
        CHECK(outcome("ed") == "pass dkim-ed25519");
        CHECK(outcome("revoked") == "info dkim-revoked");
        CHECK(outcome("broken") == "fail dkim-syntax-error");
        CHECK(outcome("absent") == "fail dkim-selector-missing");
        CHECK(outcome("edbad") == "fail dkim-key-invalid");
        CHECK(outcome("dsa") == "fail dkim-unknown-key-type");
    }
    SUBCASE("dkim-multiple: two key records for one selector") {
        auto w = dkim_world({"two"});
        w.dns("two._domainkey.example.com", "TXT", {"v=DKIM1; p=" + k_rsa2048, "v=DKIM1; k=ed25519; p=" + k_ed25519});
        const auto findings = w.run(check_dkim);
        CHECK(MailWorld::outcome_of(findings, "two._domainkey.example.com") == "fail dkim-multiple");
        for (const auto& f : findings)
            if (f.outcome == "dkim-multiple")
                CHECK(f.summary == "2 key records for one selector: verification is unpredictable");
    }
    SUBCASE("dkim-key-invalid: p= that is not an RSA key") {
        auto w = dkim_world({"junk"});
        w.dns("junk._domainkey.example.com", "TXT", {"v=DKIM1; k=rsa; p=Zm9v"});
        const auto findings = w.run(check_dkim);
        CHECK(MailWorld::outcome_of(findings, "junk._domainkey.example.com") == "fail dkim-key-invalid");
        for (const auto& f : findings)
            if (f.outcome == "dkim-key-invalid") CHECK(f.summary == "p= is not an RSA public key");
    }
    SUBCASE("null MX with a revoked wildcard key") {
        auto w = dkim_world({});
        w.dns("example.com", "MX", {"0 ."});
        CHECK(w.next_round(check_dkim) == std::vector<std::string>{MailWorld::key("*._domainkey.example.com", "TXT")});
        w.dns("*._domainkey.example.com", "TXT", {"v=DKIM1; p="});
        auto findings = w.run(check_dkim);
        CHECK(MailWorld::outcome_of(findings, "*._domainkey.example.com") == "pass dkim-null-mx-revoked-wildcard");
        w.nxdomain("*._domainkey.example.com", "TXT");
        findings = w.run(check_dkim);
        CHECK(MailWorld::outcome_of(findings, "*._domainkey.example.com") == "info dkim-null-mx-no-wildcard");
    }
}
