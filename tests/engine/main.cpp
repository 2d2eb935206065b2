#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <set>
#include <string>

#include "tests/engine/skips.hpp"

namespace {

// Every test case that ran (doctest's reporter hooks), those that skipped, and why.
std::set<std::string> g_ran;
std::set<std::string> g_skipped;
std::set<std::string> g_reasons;
std::string g_current;

struct SkipListener : doctest::IReporter {
    explicit SkipListener(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData& data) override {
        g_current = data.m_name;
        g_ran.insert(g_current);
    }
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

}  // namespace

REGISTER_LISTENER("skips", 1, SkipListener);

namespace osescan::engine::test {

void skip(const std::string& why) {
    MESSAGE("SKIPPED: " << why);
    g_skipped.insert(g_current);
    g_reasons.insert(why);
}

}  // namespace osescan::engine::test

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (context.shouldExit() || result != 0) return result;
    if (!g_ran.empty() && !g_skipped.empty()) {
        std::fprintf(stderr, "%zu of %zu test case(s) skipped here:\n", g_skipped.size(), g_ran.size());
        for (const std::string& why : g_reasons) std::fprintf(stderr, "  %s\n", why.c_str());
        // Part of the layer did not run here: report it as skipped, never as passed.
        return 77;
    }
    return 0;
}
