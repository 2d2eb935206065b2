#pragma once
// How the validating resolver is configured from ProbeSettings (see unbound_validator.hpp).
//
// The plan is computed apart from libunbound so that its choices (which trust anchor,
// recursion or forwarding, whether loopback name servers may be asked) are plain data that
// the constructor applies and a reader can check in one place.

#include <string>
#include <vector>

#include "engine/probers.hpp"

namespace osescan::engine::dnssec {

// dns-root-data's copy of the IANA root trust anchor (Debian 12).
inline constexpr const char* k_default_trust_anchor_file = "/usr/share/dns/root.key";

struct UnboundOption {
    std::string name;   // with the trailing colon, as ub_ctx_set_option wants it: "root-hints:"
    std::string value;
    bool operator==(const UnboundOption&) const = default;
};

struct UnboundPlan {
    std::string trust_anchor_file;      // always set: the setting or the default
    std::string forwarder;              // "IP@port" for ub_ctx_set_fwd, or "" to recurse
    std::vector<UnboundOption> options; // applied in order with ub_ctx_set_option
};

// The special-use and AS112 zones unbound answers itself by default (except localhost. and
// the loopback reverse zones). With root hints or a forwarder, plan_unbound turns each off
// ("local-zone: <zone> transparent", see plan_unbound): the user's root is authoritative for them.
std::vector<std::string> locally_served_zones();

// Throws std::runtime_error with a message for the user when a setting is unusable (an
// invalid forwarder address, an unreadable trust anchor or root hints file).
UnboundPlan plan_unbound(const ProbeSettings& settings);

}  // namespace osescan::engine::dnssec
