#pragma once
// VRP files as relying-party software exports them (rpki-client `-j`, Routinator
// `--format json`/`jsonext`, StayRTR's input):
//
//   {"metadata": {...}, "roas": [{"asn": "AS64500", "prefix": "198.51.100.0/24",
//                                 "maxLength": 24, "ta": "ripe"}, ...]}
//
// - "asn": "AS64500" (any case of "AS"), "64500", or the plain integer 64500;
// - "maxLength": optional, defaults to the prefix length (RFC 6482 §3.3); must lie between
//   the prefix length and 32 / 128;
// - other members ("ta", "expires", ...) and other top-level members ("aspas",
//   "bgpsec_keys", ...) are skipped;
// - metadata: "generated" (Unix seconds, rpki-client and Routinator) or "buildtime" /
//   "generatedTime" (ISO 8601 UTC) tells how old the data is.
//
// Malformed entries REJECT the whole file (the error names the index of the first ones and
// counts them): a validator judging on a silently partial VRP set calls real routes
// "invalid" or "not-found", so a broken export must be noticed, not half-used. A file
// without a "roas" array, or with an empty one, is rejected too (no real VRP set is empty).
//
// simdjson's On-Demand API, not a DOM: the public set (~500,000 VRPs, ~50 MB) must load
// well under a second (bench/rpki_bench measures it). simdjson finds the structure and
// validates UTF-8; the walk on top checks the grammar of every scalar (skipped members
// too), bounds nesting and never reads past the input (simdjson works on a padded copy).

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "facts/ip_prefix.hpp"

namespace osescan::engine::rpki {

struct VrpEntry {
    facts::IpPrefix prefix;
    int max_length = 0;
    uint32_t asn = 0;
    bool operator==(const VrpEntry&) const = default;
};

struct VrpFileInfo {
    size_t entries = 0;                // entries passed to the callback
    std::optional<int64_t> generated;  // Unix seconds, from the metadata
};

class VrpJsonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr int k_max_json_depth = 64;
inline constexpr size_t k_max_reported_entry_errors = 3;

// Calls `on_entry` for each VRP in file order; throws VrpJsonError on any malformation
// (after the callback has seen the well-formed entries before it: discard them).
VrpFileInfo parse_vrp_json(std::string_view text, const std::function<void(const VrpEntry&)>& on_entry);

// The same, collecting the entries.
std::vector<VrpEntry> parse_vrp_json(std::string_view text, VrpFileInfo* info = nullptr);

// "2024-01-01T00:00:00Z" (also with fractional seconds) -> Unix seconds.
std::optional<int64_t> parse_iso8601_utc(std::string_view text);

}  // namespace osescan::engine::rpki
