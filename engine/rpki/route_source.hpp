#pragma once
// The RPKI route prober and its factory: what the CLI calls to turn --rpki-vrps /
// --rpki-rtr into a RouteProber before the scan starts.
//
//   RpkiSettings settings{.vrps = "https://.../vrps.json"};
//   auto prober = make_route_prober(loop, settings);   // nullptr: nothing configured
//   if (prober) context.settings["rpki.source"] = prober->source_status();
//   probers.route = prober.get();
//
// Loading happens here, once, before any probe: a VRP file or URL is parsed into a
// VrpTable, an RTR server is synchronised once and copied into one. validate() then
// answers from memory (microseconds) on the loop.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/loop/event_loop.hpp"
#include "engine/probers.hpp"
#include "engine/rpki/vrp_table.hpp"

namespace osescan::engine::rpki {

struct RpkiSettings {
    std::string vrps;   // --rpki-vrps / --rpki-source: a file path, or an http:// / https:// URL; "" = none
    std::string rtr;    // --rpki-rtr: "host:port" or "[v6]:port"; "" = none
    // --rpki-source none: the RPKI checks are turned off (they say not_applicable); nothing
    // is loaded.
    bool off = false;
    // `vrps` is the built-in default (default_source.hpp), not the user's choice: when it
    // cannot be loaded (offline, no cache) the scan goes on and the RPKI checks say why and
    // how to name a source, instead of the scan failing over a source nobody asked for.
    bool builtin_default = false;
    // --rpki-max-age: VRP data older than this is stale (the checks warn); a URL whose
    // cached copy is older is downloaded again. 0 = never stale.
    std::chrono::seconds max_age{24 * 3600};
    // A URL cache whose data is older than max_age is fetched again, but not more often than
    // this: when the export itself is behind, asking again within minutes would not help.
    std::chrono::seconds min_refetch_interval{15 * 60};
    std::string cache_dir;                            // "" = default_cache_dir()
    std::chrono::milliseconds timeout{10000};         // connect (URL, RTR) and RTR sync
    std::chrono::milliseconds download_timeout{120000};  // whole URL transfer
    size_t max_bytes = 512u * 1024 * 1024;            // VRP file / download size bound
};

class RpkiRouteProber : public RouteProber {
public:
    RpkiRouteProber(EventLoop& loop, std::unique_ptr<VrpTable> table, nlohmann::json status);

    Cancel validate(const facts::RouteRequest& request,
                    std::function<void(facts::Observed<facts::RouteValidity>)> done) override;

    // For ScanContext settings["rpki.source"] (see checks/rpki/settings.hpp):
    // {"kind": "file"|"url"|"rtr", "location", "vrps", "age_seconds" (null when unknown),
    //  "max_age_seconds", "stale", "generated" (ISO time, when the file says),
    //  "cache_file", "downloaded" (url only), "note" (e.g. why a stale cache was used)}.
    const nlohmann::json& source_status() const { return m_status; }
    const VrpTable& table() const { return *m_table; }

private:
    EventLoop& m_loop;
    std::unique_ptr<VrpTable> m_table;
    nlohmann::json m_status;
};

// nullptr when neither `vrps` nor `rtr` is set. Throws std::runtime_error with a message
// for people (the CLI exits 3) when both are set or the source cannot be loaded: missing
// or malformed file, download failed with no usable cache, RTR server unreachable or not
// synchronised within the timeout.
//
// URL sources: a cached copy younger than max_age is used as is; otherwise the file is
// downloaded, validated, and replaces the cache; if that fails, an older cached copy is
// used and reported stale (with the failure in "note"); with no cache at all it throws.
std::unique_ptr<RpkiRouteProber> make_route_prober(EventLoop& loop, const RpkiSettings& settings);

// What the scan runs with: a prober (null when off or unavailable) and the status recorded as
// ScanContext settings["rpki.source"] (null when nothing is configured at all):
//   off            {"kind": "none", "reason"}                       -> checks: not_applicable
//   default failed {"kind": "unavailable", "location", "default": true, "reason"}
//                                                                   -> checks: error, with reason
//   loaded         source_status(), plus "default": true for the built-in source.
// A source the user named and that fails still throws (make_route_prober): they asked for it.
struct RouteSource {
    std::unique_ptr<RpkiRouteProber> prober;
    nlohmann::json status;
    // One line for people when the built-in default could not be loaded, else "".
    std::string notice;
};
RouteSource open_route_source(EventLoop& loop, const RpkiSettings& settings);

// How to give a VRP source, for messages: the options, in a few words.
inline constexpr const char* k_how_to_give_vrps =
    "name one with --rpki-source URL|FILE (rpki-client/Routinator JSON) or --rpki-rtr HOST:PORT, or turn the "
    "RPKI checks off with --rpki-source none";

}  // namespace osescan::engine::rpki
