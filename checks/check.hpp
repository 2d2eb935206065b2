#pragma once
// What a check is: its catalogue entry (id, family, texts, references) and a pure function
// from facts to findings. Checks never open sockets; they ask TargetFacts (which may make
// the runner gather the fact and call the check again, see facts/target_facts.hpp).

#include <string_view>
#include <vector>

#include "checks/finding.hpp"
#include "checks/outcome.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks {

// Score families (checks.md; "certificate" is split out of "tls" so people see it apart,
// and `--only tls` still selects both because selection also matches id prefixes).
enum class Family { https, headers, tls, certificate, dnssec, ipv6, rpki, mail, time };
std::string_view family_name(Family family);   // "https", "tls", ...
std::string_view family_title(Family family);  // "HTTPS and HTTP security", ...
const std::vector<Family>& all_families();

struct Reference {
    std::string_view label;  // "RFC 6797 §6.1"
    std::string_view url;
};

struct ConfigSnippet {
    std::string_view server;  // "nginx", "Apache", "DNS zone", ...
    std::string_view code;
};

struct CheckInfo {
    std::string_view id;
    Family family;
    std::string_view title;
    bool scored = true;
    bool needs_name = true;   // IP-literal targets get not_applicable without running
    std::string_view why;     // why it matters (people, classroom mode)
    std::string_view fix;     // how to fix, in prose
    std::vector<ConfigSnippet> snippets;
    std::vector<Reference> refs;
    std::vector<std::string_view> facts;  // kinds of facts it reads: "dns", "dnssec" (the
                                          // validating resolver), "tls", "tls-scan", "http",
                                          // "route", "nts", "ntp"
    std::vector<Outcome> outcomes = {};   // every way it can conclude (see outcome.hpp);
                                          // the shared ones (probe errors, ...) are implied
};

// The declared or shared outcome with this code; nullptr if the check has no such outcome.
const Outcome* find_outcome(const CheckInfo& info, std::string_view code);

// How to fix a finding with this outcome: the outcome's own advice where it has one, else the
// check's. Every renderer asks this, so per-outcome advice shows in every format.
std::string_view fix_for(const CheckInfo& info, std::string_view outcome);

using CheckFn = std::vector<Finding> (*)(const facts::TargetFacts& facts);

struct Check {
    CheckInfo info;
    CheckFn run;
};

}  // namespace osescan::checks
