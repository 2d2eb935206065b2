#pragma once
// Recorded DNS facts for the mail checks' unit tests: a domain with TXT/MX/A answers,
// judged in replay mode, or in live mode to see which lookups a check asks for.

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "checks/check.hpp"

namespace osescan::test::mail {

class MailWorld {
public:
    explicit MailWorld(std::string host = "example.com") {
        target.input = host;
        target.host = std::move(host);
        context.now = 1750000000;
    }

    // One answer; for TXT each entry is one record of one string (use txt_parts for more).
    MailWorld& dns(const std::string& name, const std::string& type, const std::vector<std::string>& data,
                   const std::string& rcode = "NOERROR") {
        facts::DnsAnswer answer;
        answer.rcode = rcode;
        for (const std::string& d : data) {
            facts::DnsRecord r{name, type, 300, d, {}};
            if (type == "TXT") r.txt = {d};
            answer.answer.push_back(r);
        }
        put(name, type, answer);
        return *this;
    }
    MailWorld& txt_parts(const std::string& name, const std::vector<std::vector<std::string>>& records) {
        facts::DnsAnswer answer;
        for (const auto& parts : records) answer.answer.push_back({name, "TXT", 300, "", parts});
        put(name, "TXT", answer);
        return *this;
    }
    MailWorld& nxdomain(const std::string& name, const std::string& type) { return dns(name, type, {}, "NXDOMAIN"); }
    MailWorld& error(const std::string& name, const std::string& type, const std::string& kind) {
        store.put({facts::DnsRequest{name, type, facts::DnsVia::stub, {}},
                   facts::Observed<facts::DnsAnswer>(facts::ProbeError{kind, "no answer"}), 1});
        return *this;
    }

    std::vector<checks::Finding> run(checks::CheckFn check) const {
        const facts::TargetFacts view(target, context, store, facts::FactsMode::replay);
        return check(view);
    }
    checks::Finding one(checks::CheckFn check) const {
        auto findings = run(check);
        REQUIRE(findings.size() == 1);
        return findings[0];
    }
    // Live mode: the requests the check asks for in the next round (sorted keys), or empty
    // when it completed.
    std::vector<std::string> next_round(checks::CheckFn check) const {
        const facts::TargetFacts view(target, context, store, facts::FactsMode::live);
        try {
            check(view);
        } catch (const facts::FactsPending&) {
        }
        std::vector<std::string> keys;
        for (const facts::Request& r : view.missing()) keys.push_back(facts::request_key(r));
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        return keys;
    }
    // "status outcome" of the one finding about `subject` ("" if none or several).
    static std::string outcome_of(const std::vector<checks::Finding>& findings, const std::string& subject) {
        std::string out;
        int count = 0;
        for (const checks::Finding& f : findings)
            if (f.subject == subject) {
                ++count;
                out = std::string(checks::status_name(f.status)) + " " + f.outcome;
            }
        return count == 1 ? out : "";
    }
    static std::string key(const std::string& name, const std::string& type) {
        return facts::request_key(facts::DnsRequest{name, type, facts::DnsVia::stub, {}});
    }

    facts::Target target;
    facts::ScanContext context;
    facts::FactStore store;

private:
    void put(const std::string& name, const std::string& type, const facts::DnsAnswer& answer) {
        store.put({facts::DnsRequest{name, type, facts::DnsVia::stub, {}}, facts::Observed<facts::DnsAnswer>(answer), 1});
    }
};

}  // namespace osescan::test::mail
