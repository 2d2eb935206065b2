#pragma once
// Grouped rows for people (text and HTML): findings of one check that reach the same verdict
// for several subjects (an IPv4 and an IPv6 address of one web server) read as one row that
// lists the subjects it covers. Subjects that disagree — another status, another outcome,
// or a summary that says something else — keep rows of their own. The JSON report and
// `--verbose` keep every finding.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "checks/finding.hpp"

namespace osescan::report {

struct FindingGroup {
    std::vector<size_t> members;        // indices into the findings, in their order
    std::vector<std::string> subjects;  // the members' non-empty subjects, in order
    std::string summary;                // the verdict's line for all members
};

// Groups findings[indices] (in that order; a group sits where its first member was).
// `separate(i)` gives extra text that must also agree for findings to share a row (e.g.
// the reason a policy ignores finding i); nullptr when there is none.
std::vector<FindingGroup> group_findings(const std::vector<checks::Finding>& findings,
                                         const std::vector<size_t>& indices,
                                         const std::function<std::string(size_t)>& separate = nullptr);

// The subjects of a group as shown after its title: "198.51.100.10, 2001:db8::10".
std::string join_subjects(const std::vector<std::string>& subjects);

}  // namespace osescan::report
