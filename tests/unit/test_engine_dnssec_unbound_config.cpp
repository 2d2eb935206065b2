// plan_unbound: which libunbound options the validator gets from the settings.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "engine/dnssec/unbound_config.hpp"

using osescan::engine::ProbeSettings;
using osescan::engine::dnssec::locally_served_zones;
using osescan::engine::dnssec::plan_unbound;
using osescan::engine::dnssec::UnboundOption;
using osescan::engine::dnssec::UnboundPlan;

namespace {

struct TempFile {
    explicit TempFile(const std::string& name)
        : path("/tmp/osescan-unbound-config-" + std::to_string(::getpid()) + "-" + name) {
        std::ofstream(path) << ". 3600 IN NS a.root-servers.tree.\n";
    }
    ~TempFile() { std::remove(path.c_str()); }
    std::string path;
};

bool has(const UnboundPlan& plan, const std::string& name, const std::string& value) {
    return std::find(plan.options.begin(), plan.options.end(), UnboundOption{name, value}) != plan.options.end();
}

size_t transparents(const UnboundPlan& plan) {
    return static_cast<size_t>(std::count_if(plan.options.begin(), plan.options.end(), [](const UnboundOption& o) {
        return o.name == "local-zone:" && o.value.ends_with(" transparent");
    }));
}

}  // namespace

TEST_CASE("unbound plan: the user's root or forwarder makes the special-use and AS112 zones theirs") {
    TempFile anchor("root.key");
    TempFile hints("root.hints");
    ProbeSettings settings;
    settings.trust_anchor_file = anchor.path;

    // The real root: unbound's defaults stay (those names are answered nowhere else).
    const UnboundPlan real = plan_unbound(settings);
    CHECK(transparents(real) == 0);
    CHECK_FALSE(has(real, "do-not-query-localhost:", "no"));

    // Root hints: every default zone off, localhost and the loopback reverse zones kept.
    settings.root_hints_file = hints.path;
    const UnboundPlan mine = plan_unbound(settings);
    CHECK(has(mine, "root-hints:", hints.path));
    for (const char* zone :
         {"test.", "invalid.", "onion.", "home.arpa.", "10.in-addr.arpa.", "16.172.in-addr.arpa.",
          "31.172.in-addr.arpa.", "168.192.in-addr.arpa.", "254.169.in-addr.arpa.", "2.0.192.in-addr.arpa.",
          "100.51.198.in-addr.arpa.", "113.0.203.in-addr.arpa.", "d.f.ip6.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa."})
        CHECK_MESSAGE(has(mine, "local-zone:", std::string(zone) + " transparent"), zone);
    CHECK(transparents(mine) == locally_served_zones().size());
    CHECK(locally_served_zones().size() == 99);  // unbound.conf(5) 1.17: 4 names + 95 reverse zones
    CHECK(has(mine, "local-zone:", "64.100.in-addr.arpa. transparent"));
    CHECK(has(mine, "local-zone:", "127.100.in-addr.arpa. transparent"));
    for (const std::string& zone : locally_served_zones()) {
        CHECK(zone.ends_with("."));
        CHECK(zone != "localhost.");
        CHECK(zone != "127.in-addr.arpa.");
        CHECK_FALSE(zone.starts_with("1.0.0.0."));  // ::1
    }

    // A forwarder: the same (its root is the user's choice too).
    settings.root_hints_file.clear();
    settings.dnssec_forwarder = "127.0.0.1:5300";
    const UnboundPlan forwarded = plan_unbound(settings);
    CHECK(forwarded.forwarder == "127.0.0.1@5300");
    CHECK(transparents(forwarded) == locally_served_zones().size());
}
