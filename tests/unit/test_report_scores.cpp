// The score model (report/scores.hpp): family means, the blocking cap, completeness and
// "no score". Findings use real catalogue entries so the blocking flags are the shipped ones.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "checks/registry.hpp"
#include "report/scores.hpp"

using namespace osescan;
using checks::Status;

namespace {
checks::Finding finding(const std::string& id, Status status, const std::string& outcome,
                        const std::string& subject = "198.51.100.1") {
    return checks::Finding{id, subject, status, outcome, "summary", nlohmann::json::object()};
}
}  // namespace

TEST_CASE("blocking flags: the outcomes that make the service refused, and no other") {
    auto is_blocking = [](std::string_view id, std::string_view code) {
        const checks::Check* check = checks::find_check(id);
        REQUIRE(check != nullptr);
        const checks::Outcome* outcome = checks::find_outcome(check->info, code);
        REQUIRE(outcome != nullptr);
        return outcome->blocking;
    };
    CHECK(is_blocking("tls.certificate.trust", "untrusted-root"));
    CHECK(is_blocking("tls.certificate.trust", "self-signed"));
    CHECK(is_blocking("tls.certificate.validity", "expired"));
    CHECK(is_blocking("tls.certificate.validity", "not-yet-valid"));
    CHECK(is_blocking("tls.certificate.name", "name-mismatch"));
    CHECK(is_blocking("https.available", "no-https"));
    CHECK(is_blocking("https.available", "handshake-refused"));
    CHECK(is_blocking("dnssec.valid", "bogus"));
    CHECK(is_blocking("dnssec.mx.valid", "bogus"));
    CHECK(is_blocking("rpki.web.valid", "invalid-as-mismatch"));
    CHECK(is_blocking("rpki.web.valid", "invalid-as0"));
    CHECK(is_blocking("rpki.web.valid", "invalid-too-specific"));
    CHECK_FALSE(is_blocking("tls.certificate.validity", "expires-soon"));
    CHECK_FALSE(is_blocking("tls.certificate.validity", "valid"));
    CHECK_FALSE(is_blocking("rpki.web.valid", "not-found"));
    CHECK_FALSE(is_blocking("dnssec.signed", "unsigned"));
    // Mail: DANE senders refuse an MX whose chain matches no TLSA record (RFC 7672 §2.2); an
    // MX certificate blocks only where MTA-STS (enforce) or DANE-TA requires it (RFC 7435).
    CHECK(is_blocking("mail.dane", "dane-no-match"));
    CHECK(is_blocking("mail.dane", "dane-tlsa-bogus"));
    CHECK(is_blocking("mail.dane", "dane-no-starttls"));
    CHECK_FALSE(is_blocking("mail.dane", "dane-tlsa-not-secure"));
    CHECK_FALSE(is_blocking("mail.dane", "dane-no-usable-tlsa"));
    CHECK(is_blocking("mail.tls.certificate.trust", "untrusted"));
    CHECK_FALSE(is_blocking("mail.tls.certificate.trust", "untrusted-testing"));
    CHECK_FALSE(is_blocking("mail.tls.certificate.trust", "untrusted-opportunistic"));
    CHECK(is_blocking("mail.tls.certificate.name", "name-mismatch"));
    CHECK_FALSE(is_blocking("mail.tls.certificate.validity", "expired"));
    // Every blocking outcome is a fail: a blocking pass or error would be a catalogue bug.
    for (const checks::Check& check : checks::all_checks())
        for (const checks::Outcome& outcome : check.info.outcomes)
            if (outcome.blocking) {
                INFO(check.info.id << "/" << outcome.code);
                CHECK(outcome.status == Status::fail);
                CHECK(check.info.scored);
            }
}

TEST_CASE("scores: family means and the overall mean, complete and uncapped") {
    const report::TargetScores s = report::score_findings({
        finding("tls.version", Status::pass, "tls13-only"),
        finding("tls.version", Status::warn, "tls13-missing", "2001:db8::1"),
        finding("tls.certificate.validity", Status::pass, "valid"),
    });
    REQUIRE(s.families.at("tls").score);
    CHECK(*s.families.at("tls").score == 75);
    CHECK(*s.families.at("certificate").score == 100);
    REQUIRE(s.overall);
    CHECK(*s.overall == 87.5);
    CHECK(*s.uncapped == 87.5);
    CHECK(s.caps.empty());
    CHECK_FALSE(s.capped());
    CHECK(s.complete());
    CHECK(report::score_notes(s).empty());
}

TEST_CASE("scores: one blocking fail caps the overall score at 49, whatever the rest scores") {
    std::vector<checks::Finding> findings;
    for (int i = 0; i < 20; ++i) findings.push_back(finding("tls.version", Status::pass, "tls13-only"));
    findings.push_back(finding("tls.certificate.validity", Status::pass, "valid", "2001:db8::1"));
    findings.push_back(finding("tls.certificate.validity", Status::fail, "expired"));
    const report::TargetScores s = report::score_findings(findings);
    REQUIRE(s.uncapped);
    CHECK(*s.uncapped == 75);  // tls 100, certificate 50
    REQUIRE(s.overall);
    CHECK(*s.overall == report::k_blocking_cap);
    CHECK(*s.overall < 50);  // drawn red
    REQUIRE(s.caps.size() == 1);
    CHECK(s.caps[0].check_id == "tls.certificate.validity");
    CHECK(s.caps[0].outcome == "expired");
    CHECK(s.caps[0].subject == "198.51.100.1");
    CHECK(s.capped());
    // The family score itself is not capped: it is the plain mean.
    CHECK(*s.families.at("certificate").score == 50);
    const auto notes = report::score_notes(s);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "capped at 49 by a blocking failure: tls.certificate.validity expired (198.51.100.1)");
}

TEST_CASE("scores: a blocking fail below the cap keeps the lower score and is still named") {
    const report::TargetScores s = report::score_findings({
        finding("https.available", Status::fail, "no-https"),
        finding("dnssec.valid", Status::fail, "bogus", "example.com"),
    });
    REQUIRE(s.overall);
    CHECK(*s.overall == 0);
    CHECK(s.caps.size() == 2);
    CHECK_FALSE(s.capped());
    CHECK(report::score_notes(s).at(0) == "blocking failure: https.available no-https (198.51.100.1) and 1 more");
}

TEST_CASE("scores: a non-blocking fail does not cap") {
    const report::TargetScores s = report::score_findings({
        finding("tls.version", Status::pass, "tls13-only"),
        finding("tls.version", Status::pass, "tls13-only"),
        finding("tls.version", Status::pass, "tls13-only"),
        finding("tls.certificate.validity", Status::pass, "valid"),
        finding("tls.certificate.validity", Status::warn, "expires-soon"),
    });
    CHECK(*s.overall == 87.5);
    CHECK(s.caps.empty());
}

TEST_CASE("scores: an error makes the score incomplete, with the number of checks that could not run") {
    const report::TargetScores s = report::score_findings({
        finding("tls.version", Status::pass, "tls13-only"),
        finding("https.available", Status::error, "probe-timeout"),
        finding("https.available", Status::error, "probe-timeout", "2001:db8::1"),
        finding("tls.certificate.validity", Status::error, "probe-timeout"),
    });
    REQUIRE(s.overall);
    CHECK(*s.overall == 100);  // the number stays, but it is never shown as a clean score
    CHECK_FALSE(s.complete());
    CHECK(s.checks_not_run == std::vector<std::string>{"https.available", "tls.certificate.validity"});
    CHECK(s.families.at("https").errors == 2);
    const auto notes = report::score_notes(s);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "incomplete: 2 checks could not run");
}

TEST_CASE("scores: no scored check could run means no score, not 100") {
    const report::TargetScores s = report::score_findings({
        finding("https.available", Status::error, "probe-timeout"),
        finding("tls.certificate.validity", Status::error, "probe-timeout"),
        finding("tls.certificate.name", Status::not_applicable, "ip-target"),
    });
    CHECK_FALSE(s.overall);
    CHECK_FALSE(s.uncapped);
    CHECK_FALSE(s.complete());
    CHECK(s.checks_not_run.size() == 2);
    CHECK(report::score_notes(s) == std::vector<std::string>{"incomplete: 2 checks could not run"});
    // Without findings at all: no score, and nothing could not run.
    const report::TargetScores none = report::score_findings({});
    CHECK_FALSE(none.overall);
    CHECK(none.complete());
}

TEST_CASE("scores: capped and incomplete together give both notes") {
    const report::TargetScores s = report::score_findings({
        finding("tls.version", Status::pass, "tls13-only"),
        finding("tls.certificate.trust", Status::fail, "untrusted-root"),
        finding("https.available", Status::error, "probe-timeout"),
    });
    CHECK(*s.uncapped == 50);
    CHECK(*s.overall == 49);
    CHECK(report::score_notes(s).size() == 2);
}
