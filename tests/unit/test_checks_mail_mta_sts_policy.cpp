// MTA-STS (RFC 8461): the _mta-sts TXT record (§3.1), the policy file (§3.2) and mx pattern
// matching (§4.1), on the RFC's examples and on malformed input.
#include <doctest/doctest.h>

#include "checks/mail/mta_sts_policy.hpp"

using namespace osescan::checks::mail;

TEST_CASE("mta-sts record: RFC 8461 §3.1") {
    MtaStsRecordParse r = parse_mta_sts_record("v=STSv1; id=20160831085700Z;");
    REQUIRE(r.record);
    CHECK(r.record->id == "20160831085700Z");
    r = parse_mta_sts_record("v=STSv1;id=abc ; ext-1=val");
    REQUIRE(r.record);
    CHECK(r.record->id == "abc");
    CHECK(is_mta_sts_record("v=STSv1"));
    CHECK_FALSE(is_mta_sts_record("v=stsv1; id=1"));
    CHECK_FALSE(is_mta_sts_record("v=STSv10; id=1"));
    for (const char* bad : {"v=STSv1", "v=STSv1;", "v=STSv1; id=", "v=STSv1; id=abc-def", "v=STSv1; id=abc; id=def",
                            "v=STSv1; id=123456789012345678901234567890123", "v=STSv1;; id=1", "v=STSv1; id=1; bad",
                            "v=STSv1; id=1; _x=1", "v=STSv1; id=1; x=a=b", "v=STSv1; v=STSv1; id=1", "v=spf1 -all"}) {
        CAPTURE(bad);
        const MtaStsRecordParse parsed = parse_mta_sts_record(bad);
        CHECK_FALSE(parsed.record.has_value());
        CHECK(parsed.error != "");
    }
    CHECK(parse_mta_sts_record("v=STSv1; id=1" + std::string(5000, ' ')).error == "record too long");
}

TEST_CASE("mta-sts policy: RFC 8461 §3.2") {
    MtaStsPolicyParse p = parse_mta_sts_policy(
        "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\n"
        "max_age: 604800\r\n");
    REQUIRE(p.policy);
    CHECK(p.policy->mode == "enforce");
    CHECK(p.policy->max_age == 604800);
    CHECK(p.policy->mx == std::vector<std::string>{"mail.example.com", "*.example.net", "backupmx.example.com"});
    // LF line ends, no final terminator, whitespace after ":", unknown and repeated fields
    p = parse_mta_sts_policy("version:STSv1\nmode:  testing\nmx: MX.Example.COM\nmax_age: 86400\nmax_age: 1\nfoo: bar");
    REQUIRE(p.policy);
    CHECK(p.policy->mode == "testing");
    CHECK(p.policy->max_age == 86400);
    CHECK(p.policy->mx == std::vector<std::string>{"mx.example.com"});
    CHECK(p.policy->notes.size() == 2);
    p = parse_mta_sts_policy("version: STSv1\nmode: none\nmax_age: 0\n");
    REQUIRE(p.policy);
    CHECK(p.policy->mx.empty());

    struct Bad {
        const char* text;
        size_t line;
    };
    for (const Bad& bad :
         {Bad{"", 0}, Bad{"mode: enforce\nmx: a.example\nmax_age: 1", 0},
          Bad{"version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1", 0},
          Bad{"version: STSv1\nmode: report\nmx: a.example\nmax_age: 1", 0},
          Bad{"version: STSv1\nmode: enforce\nmax_age: 1", 0}, Bad{"version: STSv1\nmode: enforce\nmx: a.example", 0},
          Bad{"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601", 0},
          Bad{"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 12345678901", 4},
          Bad{"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -1", 4},
          Bad{"version: STSv1\nmode enforce\nmx: a.example\nmax_age: 1", 2},
          Bad{"version: STSv1\nmode: enforce\nmx: *.*.example\nmax_age: 1", 3},
          Bad{"version: STSv1\nmode: enforce\nmx: localhost\nmax_age: 1", 3},
          Bad{"version: STSv1\nmode: enforce\nmx: a_b.example\nmax_age: 1", 3},
          Bad{"version: STSv1\n\nmode: enforce\nmx: a.example\nmax_age: 1", 2},
          Bad{"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\n_x: y", 5},
          Bad{"version: STSv1\nmode: enf\x01orce\nmx: a.example\nmax_age: 1", 2}}) {
        CAPTURE(bad.text);
        const MtaStsPolicyParse parsed = parse_mta_sts_policy(bad.text);
        CHECK_FALSE(parsed.policy.has_value());
        CHECK(parsed.error != "");
        CHECK(parsed.line == bad.line);
    }
    CHECK(parse_mta_sts_policy(std::string(70000, 'x')).error.find("64 KB") != std::string::npos);
    std::string many = "version: STSv1\nmode: enforce\nmax_age: 1\n";
    for (int i = 0; i < 70; ++i) many += "mx: m" + std::to_string(i) + ".example.com\n";
    CHECK(parse_mta_sts_policy(many).error == "too many mx fields");
}

TEST_CASE("mta-sts mx patterns: RFC 8461 §4.1") {
    CHECK(mta_sts_mx_matches("mail.example.com", "mail.example.com"));
    CHECK(mta_sts_mx_matches("mail.example.com", "MAIL.example.com."));
    CHECK_FALSE(mta_sts_mx_matches("mail.example.com", "mx.example.com"));
    CHECK(mta_sts_mx_matches("*.example.com", "mx1.example.com"));
    CHECK_FALSE(mta_sts_mx_matches("*.example.com", "example.com"));
    CHECK_FALSE(mta_sts_mx_matches("*.example.com", "a.mx1.example.com"));
    CHECK_FALSE(mta_sts_mx_matches("*.example.com", "mx1.example.com.evil.example"));
    CHECK_FALSE(mta_sts_mx_matches("*.example.com", "mx1example.com"));
}
