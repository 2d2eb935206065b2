// sort_by_plan_order: a live scan's results (in completion order) back in the order the
// targets were given, stable, with targets outside the plan last; linear on a batch list.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "cli/plan_order.hpp"

using namespace osescan;

namespace {
facts::Target target(const std::string& host, uint16_t port = 443, const std::string& path = "/") {
    facts::Target t;
    t.input = host;
    t.host = host;
    t.port = port;
    t.path = path;
    return t;
}

checks::TargetResult result(const facts::Target& t, double tag = 0) {
    checks::TargetResult r;
    r.target = t;
    r.duration_ms = tag;  // tells equal targets apart
    return r;
}

std::vector<std::string> hosts(const std::vector<checks::TargetResult>& results) {
    std::vector<std::string> out;
    for (const auto& r : results) out.push_back(r.target.host + (r.target.port != 443 ? ":" + std::to_string(r.target.port) : ""));
    return out;
}
}  // namespace

TEST_CASE("plan order: results follow the plan; unknown targets last, in arrival order") {
    const std::vector<facts::Target> order{target("a.example"), target("b.example"), target("b.example", 8443),
                                           target("c.example")};
    std::vector<checks::TargetResult> results{result(target("x.example")), result(target("c.example")),
                                              result(target("b.example", 8443)), result(target("w.example")),
                                              result(target("a.example")), result(target("b.example"))};
    cli::sort_by_plan_order(results, order);
    CHECK(hosts(results) ==
          std::vector<std::string>{"a.example", "b.example", "b.example:8443", "c.example", "x.example", "w.example"});

    // Every member counts, as in Target's operator==: the same host typed differently is
    // another target.
    facts::Target typed = target("a.example");
    typed.input = "A.EXAMPLE.";
    results = {result(typed), result(target("a.example"))};
    cli::sort_by_plan_order(results, order);
    CHECK(results[0].target.input == "a.example");
    CHECK(results[1].target.input == "A.EXAMPLE.");

    // Equal targets keep their relative order (stable).
    results = {result(target("b.example"), 1), result(target("a.example")), result(target("b.example"), 2)};
    cli::sort_by_plan_order(results, order);
    CHECK(results[1].duration_ms == 1);
    CHECK(results[2].duration_ms == 2);

    results.clear();
    cli::sort_by_plan_order(results, order);
    CHECK(results.empty());
}

TEST_CASE("plan order: 100,000 targets in shuffled completion order") {
    constexpr size_t k_count = 100000;
    std::vector<facts::Target> order;
    order.reserve(k_count);
    for (size_t i = 0; i < k_count; ++i) order.push_back(target("host-" + std::to_string(i) + ".example"));
    std::vector<checks::TargetResult> results;
    results.reserve(k_count);
    for (const facts::Target& t : order) results.push_back(result(t));
    std::shuffle(results.begin(), results.end(), std::mt19937(42));

    const auto start = std::chrono::steady_clock::now();
    cli::sort_by_plan_order(results, order);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    REQUIRE(results.size() == k_count);
    bool in_order = true;
    for (size_t i = 0; i < k_count; ++i) in_order = in_order && results[i].target == order[i];
    CHECK(in_order);
    // Quadratic (a search per comparison) took minutes here; linear takes milliseconds. The
    // bound is loose so that a loaded machine does not fail it.
    CHECK(seconds < 10);
}
