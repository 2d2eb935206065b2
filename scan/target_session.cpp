#include "scan/target_session.hpp"

#include <algorithm>
#include <exception>
#include <map>

#include "checks/common/findings.hpp"
#include "facts/target_facts.hpp"

namespace osescan::scan {

namespace {
// An nts:// target is a time server, not a web site or a mail domain: the time family and
// the TLS and certificate judgements of its NTS-KE endpoint apply; the other checks are
// not run for it (no finding at all, rather than a column of not_applicable).
bool applies(const checks::Check& check, const facts::Target& target) {
    if (!facts::is_time_server(target)) return true;
    const auto family = check.info.family;
    return family == checks::Family::time || family == checks::Family::tls || family == checks::Family::certificate;
}
}  // namespace

std::vector<checks::Finding> run_check_guarded(const checks::Check& check, const facts::TargetFacts& facts) {
    const std::string id{check.info.id};
    if (!applies(check, facts.target())) return {};
    if (check.info.needs_name && facts.target().is_ip) {
        return {checks::common::conclude(id, "", "needs-host-name")};
    }
    try {
        std::vector<checks::Finding> findings = check.run(facts);
        for (checks::Finding& f : findings)
            if (f.check_id.empty()) f.check_id = id;
        return findings;
    } catch (const facts::FactsPending&) {
        throw;
    } catch (const std::exception& e) {
        return {checks::common::conclude(id, "", "internal-error",
                                         {{"why", std::string("internal error in the check: ") + e.what()}})};
    }
}

TargetSession::TargetSession(facts::Target target, const facts::ScanContext& context,
                             const std::vector<const checks::Check*>& checks, ProbeDispatcher& dispatcher,
                             int max_rounds, OnDone on_done)
    : m_target(std::move(target)), m_context(context), m_unfinished(checks), m_dispatcher(dispatcher),
      m_max_rounds(max_rounds), m_on_done(std::move(on_done)), m_order(checks) {}

void TargetSession::start() {
    m_started = std::chrono::steady_clock::now();
    run_round();
}

void TargetSession::run_round() {
    ++m_round;
    const facts::TargetFacts view(m_target, m_context, m_store, facts::FactsMode::live);
    std::vector<const checks::Check*> still_waiting;
    for (const checks::Check* check : m_unfinished) {
        try {
            auto findings = run_check_guarded(*check, view);
            m_findings.insert(m_findings.end(), findings.begin(), findings.end());
        } catch (const facts::FactsPending&) {
            still_waiting.push_back(check);
        }
    }
    m_unfinished = std::move(still_waiting);
    if (m_unfinished.empty()) return finish();

    if (m_round >= m_max_rounds) {
        for (const checks::Check* check : m_unfinished)
            m_findings.push_back(
                checks::common::conclude(check->info.id, "", "too-many-rounds", {{"rounds", m_max_rounds}}));
        m_unfinished.clear();
        return finish();
    }

    // Deduplicated by the view already; submit this round's requests concurrently.
    const std::vector<facts::Request>& missing = view.missing();
    if (missing.empty()) {  // a check threw FactsPending without asking for anything: a bug
        for (const checks::Check* check : m_unfinished)
            m_findings.push_back(checks::common::conclude(check->info.id, "", "internal-error",
                                                          {{"why", "the check stopped without saying why"}}));
        m_unfinished.clear();
        return finish();
    }
    m_outstanding = missing.size();
    for (const facts::Request& request : missing) {
        m_dispatcher.submit(request, [this](facts::Observation observation) {
            m_store.put(std::move(observation));
            if (--m_outstanding == 0) run_round();
        });
    }
}

void TargetSession::finish() {
    // Report order = catalogue order, whatever order the checks concluded in.
    std::map<std::string, size_t> rank;
    for (size_t i = 0; i < m_order.size(); ++i) rank[std::string(m_order[i]->info.id)] = i;
    std::stable_sort(m_findings.begin(), m_findings.end(), [&](const checks::Finding& a, const checks::Finding& b) {
        return rank[a.check_id] < rank[b.check_id];
    });
    m_finished = true;
    checks::TargetResult result;
    result.target = m_target;
    result.findings = std::move(m_findings);
    result.facts = std::move(m_store);
    result.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
    m_on_done(std::move(result));
}

}  // namespace osescan::scan
