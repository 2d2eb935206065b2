#pragma once
// The engine's front door: run the selected checks on targets, gathering facts on demand.
//
//   run_scan       live: probes on one event loop, bounded by --concurrency, --timeout and
//                  --deadline; results are handed out per target as each completes.
//   judge_recorded replay: the same checks on recorded facts (--from-facts), no network.

#include <chrono>
#include <functional>
#include <stdexcept>
#include <vector>

#include "checks/check.hpp"
#include "facts/facts.hpp"
#include "engine/probers.hpp"
#include "engine/rpki/route_source.hpp"

namespace osescan::scan {

struct ScanOptions {
    engine::ProbeSettings probe;
    size_t concurrency = 32;                        // probes in flight, at most
    std::chrono::milliseconds deadline{600000};     // whole scan
    int max_rounds = 32;                            // dependent-fact rounds per target
    engine::rpki::RpkiSettings rpki;                // VRP source (loaded only when a selected check reads routes)
    // Called once, before any target, with a line for people about something the scan goes on
    // without (e.g. the default VRP source could not be loaded). May be empty.
    std::function<void(const std::string&)> on_notice;
};

struct ScanPlan {
    std::vector<facts::Target> targets;
    std::vector<const checks::Check*> checks;
    facts::ScanContext context;
};

// The scan cannot run at all (exit code 3): e.g. no resolver reachable.
class ScanSetupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Returns the effective scan context: the plan's, plus what the engine learnt while setting
// up (e.g. "rpki.source": the VRP source's status). Save that one with the facts.
facts::ScanContext run_scan(const ScanOptions& options, const ScanPlan& plan,
                            const std::function<void(checks::TargetResult)>& on_result);

checks::TargetResult judge_recorded(const facts::Target& target, const facts::ScanContext& context,
                                    const facts::FactStore& store,
                                    const std::vector<const checks::Check*>& checks);

}  // namespace osescan::scan
