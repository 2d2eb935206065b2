// The unit tests' main: doctest, plus one test over the whole run: every outcome a check
// declares (CheckInfo::outcomes) is concluded by at least one unit test. It is judged only
// on a full run (no test filter), which is how ctest runs it.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "checks/common/findings.hpp"
#include "checks/registry.hpp"

namespace {

std::set<std::pair<std::string, std::string>> g_concluded;

void record(std::string_view check_id, std::string_view outcome) {
    g_concluded.emplace(std::string(check_id), std::string(outcome));
}

bool filtered(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        for (std::string_view filter : {"-tc", "-ts", "-sf", "-sc", "--test-case", "--test-suite", "--source-file",
                                        "--subcase", "-tce", "-tse", "-sfe", "-sce"})
            if (arg.substr(0, filter.size()) == filter) return true;
    }
    return false;
}

// Declared outcomes no test concluded: each is a verdict nobody has seen the check reach.
int unexercised_outcomes() {
    int missing = 0;
    for (const osescan::checks::Check& check : osescan::checks::all_checks())
        for (const osescan::checks::Outcome& outcome : check.info.outcomes)
            if (!g_concluded.count({std::string(check.info.id), std::string(outcome.code)})) {
                std::fprintf(stderr, "outcome never concluded by a unit test: %s/%s\n",
                             std::string(check.info.id).c_str(), std::string(outcome.code).c_str());
                ++missing;
            }
    return missing;
}

}  // namespace

int main(int argc, char** argv) {
    osescan::checks::common::set_outcome_observer(record);
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (context.shouldExit() || result != 0 || filtered(argc, argv)) return result;
    if (const int missing = unexercised_outcomes()) {
        std::fprintf(stderr, "%d declared outcome(s) are not exercised by any unit test\n", missing);
        return 1;
    }
    return 0;
}
