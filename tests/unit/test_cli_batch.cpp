#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>

#include "cli/check_options.hpp"
#include "cli/progress.hpp"
#include "cli/shard.hpp"
#include "cli/target_list.hpp"

using namespace osescan;

namespace {
cli::TargetList read(const std::string& text) {
    std::istringstream in(text);
    return cli::read_target_list(in, "list.txt");
}

facts::Target target(const std::string& host, uint16_t port = 443, const std::string& path = "/") {
    return facts::Target{host, host, false, port, path};
}
}  // namespace

TEST_CASE("target lists: comments, blank lines, white space and CRLF") {
    const cli::TargetList list = read(
        "# our sites\n"
        "example.com\n"
        "\n"
        "   shop.example.com   # the shop\r\n"
        "https://example.org:8443/app#frag\n"
        "\t# indented comment\n"
        "2001:db8::1");
    CHECK(list.errors.empty());
    CHECK(list.targets == std::vector<std::string>{"example.com", "shop.example.com",
                                                   "https://example.org:8443/app#frag", "2001:db8::1"});
}

TEST_CASE("target lists: bad lines are reported with their line number, the rest go on") {
    const cli::TargetList list = read("good.example\nbad..example\nexample.com:8443\nalso-good.example\n");
    CHECK(list.targets == std::vector<std::string>{"good.example", "also-good.example"});
    REQUIRE(list.errors.size() == 2);
    CHECK(list.errors[0].source == "list.txt");
    CHECK(list.errors[0].line == 2);
    CHECK(list.errors[0].text == "bad..example");
    CHECK_FALSE(list.errors[0].problem.empty());
    CHECK(list.errors[1].line == 3);
}

TEST_CASE("target lists: an over-long line is refused without keeping it") {
    const std::string long_line(cli::k_max_target_line + 10, 'a');
    const cli::TargetList list = read("x.example\n" + long_line + "\ny.example\n");
    CHECK(list.targets == std::vector<std::string>{"x.example", "y.example"});
    REQUIRE(list.errors.size() == 1);
    CHECK(list.errors[0].line == 2);
    CHECK(list.errors[0].text.size() < 100);
}

TEST_CASE("--shard parsing") {
    CHECK(cli::parse_shard("1/4").shard == cli::Shard{1, 4});
    CHECK(cli::parse_shard("4/4").shard == cli::Shard{4, 4});
    CHECK(cli::parse_shard("1/1").shard == cli::Shard{1, 1});
    for (const char* bad : {"0/4", "5/4", "1/0", "1", "a/b", "1/4/2", "-1/4", "1 /4", "", "/", "1/100001"}) {
        INFO(bad);
        CHECK_FALSE(cli::parse_shard(bad).shard);
        CHECK_FALSE(cli::parse_shard(bad).problem.empty());
    }
}

TEST_CASE("shards are stable, disjoint and complete whatever the input order") {
    // The hash is fixed (FNV-1a of "host/port/path"): a pinned value catches a change that
    // would reshuffle every team's slices.
    CHECK(cli::target_hash(target("example.com")) == 0x82affc916f6ebdeeULL);
    std::vector<facts::Target> targets;
    for (int i = 0; i < 500; ++i) targets.push_back(target("site" + std::to_string(i) + ".example"));
    for (uint32_t n : {1u, 2u, 3u, 7u}) {
        std::multiset<std::string> seen;
        std::vector<size_t> sizes(n + 1, 0);
        for (const facts::Target& t : targets) {
            const uint32_t s = cli::shard_of(t, n);
            REQUIRE(s >= 1);
            REQUIRE(s <= n);
            sizes[s]++;
            seen.insert(t.host);
        }
        CHECK(seen.size() == targets.size());
        for (uint32_t s = 1; s <= n; ++s) CHECK(sizes[s] > 500 / n / 2);  // roughly even
    }
    // Port and path are part of the identity.
    CHECK(cli::target_hash(target("example.com", 8443)) != cli::target_hash(target("example.com")));
    CHECK(cli::target_hash(target("example.com", 443, "/a")) != cli::target_hash(target("example.com")));
}

TEST_CASE("plan_check applies --shard to the normalised, deduplicated targets") {
    cli::CheckOptions all;
    for (int i = 0; i < 40; ++i) all.targets.push_back("Site" + std::to_string(i) + ".Example.");
    all.targets.push_back("site0.example");  // a duplicate after normalisation
    std::set<std::string> union_of_slices;
    size_t total = 0;
    for (int i = 1; i <= 3; ++i) {
        cli::CheckOptions o = all;
        o.shard = std::to_string(i) + "/3";
        auto reversed = o;
        std::reverse(reversed.targets.begin(), reversed.targets.end());
        const auto r = cli::plan_check(o);
        const auto rr = cli::plan_check(reversed);
        REQUIRE(r.ok());
        REQUIRE(r.plan.shard);
        CHECK(r.plan.shard->index == static_cast<uint32_t>(i));
        std::set<std::string> a, b;
        for (const auto& t : r.plan.targets) a.insert(t.host);
        for (const auto& t : rr.plan.targets) b.insert(t.host);
        CHECK(a == b);  // the input order does not matter
        total += a.size();
        union_of_slices.insert(a.begin(), a.end());
    }
    CHECK(total == 40);  // disjoint
    CHECK(union_of_slices.size() == 40);  // complete
    cli::CheckOptions bad = all;
    bad.shard = "4/3";
    CHECK_FALSE(cli::plan_check(bad).ok());
}

TEST_CASE("plan_check: report outputs, at most one on stdout; --junit-warn; --explain needs --html") {
    cli::CheckOptions o;
    o.targets = {"example.com"};
    o.html_path = "r.html";
    o.sarif_path = "r.sarif";
    o.junit_path = "r.xml";
    o.jsonl_path = "r.jsonl";
    o.explain = true;
    auto r = cli::plan_check(o);
    REQUIRE(r.ok());
    CHECK(r.plan.text_on_stdout);
    o.jsonl_path = "-";
    r = cli::plan_check(o);
    REQUIRE(r.ok());
    CHECK_FALSE(r.plan.text_on_stdout);
    o.sarif_path = "-";
    o.json_path = "-";
    r = cli::plan_check(o);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].starts_with("--json, --sarif and --jsonl cannot all write to standard output"));
    cli::CheckOptions w;
    w.targets = {"example.com"};
    w.junit_warn = "error";
    CHECK_FALSE(cli::plan_check(w).ok());
    w.junit_warn = "skipped";
    CHECK(cli::plan_check(w).ok());
    w.explain = true;
    CHECK_FALSE(cli::plan_check(w).ok());
}

TEST_CASE("progress line: bar, count, rate and ETA") {
    CHECK(cli::format_progress(0, 24, 0) == "[\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7"
                                            "\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7]   0/24 targets");
    CHECK(cli::format_progress(12, 24, 6, 10) == "[#####\u00b7\u00b7\u00b7\u00b7\u00b7]  12/24 targets  2.0/s  ETA 0:06");
    CHECK(cli::format_progress(3, 3, 1.5, 4) == "[####]  3/3 targets  2.0/s");
    CHECK(cli::format_progress(1, 100, 120, 4) == "[\u00b7\u00b7\u00b7\u00b7]    1/100 targets  0.5/min  ETA 3:18:00");
    CHECK(cli::format_progress(1, 1, 0, 2) == "[##]  1/1 target");
    CHECK(cli::format_duration(0) == "0:00");
    CHECK(cli::format_duration(59.6) == "1:00");
    CHECK(cli::format_duration(3600) == "1:00:00");
}

TEST_CASE("a disabled progress bar writes nothing") {
    std::FILE* sink = std::tmpfile();
    REQUIRE(sink);
    {
        cli::ProgressBar bar(false, 10, sink);
        bar.update(5);
        bar.clear();
    }
    CHECK(std::ftell(sink) == 0);
    {
        cli::ProgressBar single(true, 1, sink);  // one target: no bar
        single.update(1);
    }
    CHECK(std::ftell(sink) == 0);
    cli::ProgressBar on(true, 10, sink);
    on.update(5);
    on.clear();
    std::rewind(sink);
    char buffer[512] = {};
    const size_t n = std::fread(buffer, 1, sizeof buffer - 1, sink);
    const std::string written(buffer, n);
    CHECK(written.starts_with("\r["));
    CHECK(written.find("5/10 targets") != std::string::npos);
    CHECK(written.find('\x1b') == std::string::npos);  // no escape sequences
    CHECK(written.ends_with("\r"));
    std::fclose(sink);
}
