#pragma once
// One target's way through a scan: run the selected checks on what is known, gather what
// they asked for (one round of concurrent probes), run them again, until every check has
// concluded or the round limit is hit. See facts/target_facts.hpp for the why.

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "facts/facts.hpp"
#include "scan/probe_dispatcher.hpp"

namespace osescan::scan {

// Runs one check against facts; FactsPending propagates, any other exception becomes an
// `error` finding (the runner's safety net: one broken check never stops the others).
std::vector<checks::Finding> run_check_guarded(const checks::Check& check, const facts::TargetFacts& facts);

class TargetSession {
public:
    using OnDone = std::function<void(checks::TargetResult)>;

    TargetSession(facts::Target target, const facts::ScanContext& context,
                  const std::vector<const checks::Check*>& checks, ProbeDispatcher& dispatcher,
                  int max_rounds, OnDone on_done);

    void start();
    bool finished() const { return m_finished; }

private:
    void run_round();
    void finish();

    facts::Target m_target;
    const facts::ScanContext& m_context;
    std::vector<const checks::Check*> m_unfinished;
    ProbeDispatcher& m_dispatcher;
    int m_max_rounds;
    int m_round = 0;
    OnDone m_on_done;
    facts::FactStore m_store;
    std::vector<checks::Finding> m_findings;  // of concluded checks, in catalogue order later
    std::vector<const checks::Check*> m_order;
    size_t m_outstanding = 0;
    bool m_finished = false;
    std::chrono::steady_clock::time_point m_started;
};

}  // namespace osescan::scan
