// TLS-RPT (RFC 8460): the record parser on the RFC's examples and malformed records, and
// every outcome of mail.tls_rpt from recorded DNS facts.
#include <doctest/doctest.h>

#include "checks/mail/tls_rpt_check.hpp"
#include "checks/mail/tls_rpt_record.hpp"
#include "tests/unit/test_checks_mail_world.hpp"

using namespace osescan;
using namespace osescan::checks::mail;
using checks::Status;
using test::mail::MailWorld;

TEST_CASE("mail tls-rpt parser: RFC 8460 §3.1 examples and the grammar") {
    TlsRptParse p = parse_tls_rpt("v=TLSRPTv1;rua=mailto:reports@example.com");
    REQUIRE(p.record);
    CHECK(p.record->rua == std::vector<std::string>{"mailto:reports@example.com"});
    p = parse_tls_rpt("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt");
    REQUIRE(p.record);
    p = parse_tls_rpt("v=TLSRPTv1 ; rua=mailto:a@example.com , https://r.example.net/x; ext_1=val;");
    REQUIRE(p.record);
    CHECK(p.record->rua.size() == 2);
    CHECK(p.record->extensions == std::vector<std::string>{"ext_1"});
    CHECK(is_tls_rpt_record("v=TLSRPTv1;"));
    CHECK_FALSE(is_tls_rpt_record("v=tlsrptv1; rua=mailto:a@example.com"));
    CHECK_FALSE(is_tls_rpt_record("v=TLSRPTv10; rua=mailto:a@example.com"));
    CHECK_FALSE(is_tls_rpt_record("v=spf1 -all"));

    for (const char* bad :
         {"v=TLSRPTv1", "v=TLSRPTv1;", "v=TLSRPTv1; ext=1", "v=TLSRPTv1; rua=", "v=TLSRPTv1; rua=reports@example.com",
          "v=TLSRPTv1; rua=http://r.example.com/", "v=TLSRPTv1; rua=mailto:@example.com",
          "v=TLSRPTv1; rua=https:///path", "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com",
          "v=TLSRPTv1;; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:a@example.com; bad",
          "v=TLSRPTv1; rua=mailto:a@example.com; -x=1", "v=TLSRPTv1; rua=mailto:a@example.com; x=",
          "v=TLSRPTv1; rua=mailto:a b@example.com", "v=TLSRPTv1; RUA=mailto:a@example.com",
          "v=TLSRPTv1; rua=mailto:a@example.com!10m", "v=TLSRPTv1; v=TLSRPTv1; rua=mailto:a@x.example"}) {
        CAPTURE(bad);
        const TlsRptParse parsed = parse_tls_rpt(bad);
        CHECK_FALSE(parsed.record.has_value());
        CHECK(parsed.error != "");
    }
    std::string many = "v=TLSRPTv1; rua=";
    for (int i = 0; i < 20; ++i) many += "mailto:a@example.com,";
    many += "mailto:a@example.com";
    CHECK(parse_tls_rpt(many).error == "rua=: too many URIs");
    CHECK(parse_tls_rpt("v=TLSRPTv1; rua=mailto:a@example.com" + std::string(5000, ' ')).error == "record too long");
}

namespace {
MailWorld tls_rpt_world(const std::vector<std::string>& records) {
    MailWorld w("example.com");
    w.dns("example.com", "MX", {"10 mx.example.com"});
    if (records.empty()) w.nxdomain("_smtp._tls.example.com", "TXT");
    else w.dns("_smtp._tls.example.com", "TXT", records);
    return w;
}
}  // namespace

TEST_CASE("mail.tls_rpt outcomes from recorded facts") {
    auto f = tls_rpt_world({"v=TLSRPTv1; rua=mailto:tlsrpt@example.com"}).one(check_tls_rpt);
    CHECK(f.status == Status::pass);
    CHECK(f.outcome == "tlsrpt-valid");
    CHECK(f.summary.find("mailto:tlsrpt@example.com") != std::string::npos);
    CHECK(f.evidence["rua"][0] == "mailto:tlsrpt@example.com");

    f = tls_rpt_world({}).one(check_tls_rpt);
    CHECK(f.status == Status::info);
    CHECK(f.outcome == "tlsrpt-missing");
    // other TXT records at the name are discarded, not counted
    CHECK(tls_rpt_world({"v=spf1 -all"}).one(check_tls_rpt).outcome == "tlsrpt-missing");

    f = tls_rpt_world({"v=TLSRPTv1; rua=http://r.example.com/"}).one(check_tls_rpt);
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "tlsrpt-invalid");
    CHECK(f.summary.find("unsupported URI scheme") != std::string::npos);

    f = tls_rpt_world({"v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com", "other"})
            .one(check_tls_rpt);
    CHECK(f.status == Status::warn);
    CHECK(f.outcome == "tlsrpt-multiple");
    CHECK(f.evidence["records"].size() == 2);

    // one record in several strings: concatenated (RFC 8460 §3)
    MailWorld parts("example.com");
    parts.dns("example.com", "MX", {"10 mx.example.com"});
    parts.txt_parts("_smtp._tls.example.com", {{"v=TLSRPTv1; rua=mailto:", "tlsrpt@example.com"}});
    CHECK(parts.one(check_tls_rpt).outcome == "tlsrpt-valid");

    auto null_mx = tls_rpt_world({});
    null_mx.dns("example.com", "MX", {"0 ."});
    f = null_mx.one(check_tls_rpt);
    CHECK(f.status == Status::not_applicable);
    CHECK(f.outcome == "tlsrpt-no-mail");

    auto broken = tls_rpt_world({});
    broken.dns("_smtp._tls.example.com", "TXT", {}, "SERVFAIL");
    CHECK(broken.one(check_tls_rpt).status == Status::error);
    broken.error("_smtp._tls.example.com", "TXT", "timeout");
    CHECK(broken.one(check_tls_rpt).outcome == "probe-timeout");
}
