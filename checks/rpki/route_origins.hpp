#pragma once
// The announced routes covering one address: (prefix, origin AS) pairs, from the scan's
// ASN source (ScanContext setting "rpki.asn_source"; see README.md for the interface a
// new source implements).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/rpki/cymru_origin.hpp"
#include "checks/rpki/settings.hpp"
#include "facts/target_facts.hpp"

namespace osescan::checks::rpki {

inline constexpr size_t k_max_routes_per_address = 32;

// The configured ASN source; "cymru-dns" when the setting is absent.
std::string asn_source(const facts::TargetFacts& facts);
bool asn_source_supported(const std::string& source);

// The fact to gather for `address` (nullopt: not an IP literal or unsupported source).
std::optional<facts::Request> origin_request(const std::string& source, const std::string& address);

struct AddressRoutes {
    std::string query;                          // what was asked (the TXT owner name)
    std::vector<CymruOrigin> origins;           // understood records covering the address
    std::vector<facts::RouteRequest> routes;    // distinct (prefix, origin AS), bounded
    nlohmann::json rejected = nlohmann::json::array();  // [{"text", "why"}] records not used
    // The origin lookup itself failed (DNS error); or `unknown_why` when it succeeded but
    // yielded no usable origin (not announced, or nothing understood).
    std::optional<facts::ProbeError> lookup_error;
    std::string unknown_outcome;  // "origin-unknown" or "origin-unparseable"; "" if known
    std::string unknown_why;
};

// Reads the origin fact of `address` (which the caller has gathered with need()).
AddressRoutes address_routes(const facts::TargetFacts& facts, const std::string& source,
                             const std::string& address);

}  // namespace osescan::checks::rpki
