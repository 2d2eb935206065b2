#include "scan/scanner.hpp"

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>

#include "engine/dns/cares_dns_prober.hpp"
#include "engine/dnssec/unbound_validator.hpp"
#include "engine/engine_init.hpp"
#include "engine/http/curl_http_prober.hpp"
#include "engine/loop/connection_slots.hpp"
#include "engine/loop/event_loop.hpp"
#include "engine/nts/time_prober.hpp"
#include "engine/smtp/smtp_prober.hpp"
#include "engine/tls/openssl_behaviour_prober.hpp"
#include "engine/tls/openssl_tls_prober.hpp"
#include "engine/tls/revocation_prober.hpp"
#include "engine/tls/scan/wire_tls_scan_prober.hpp"
#include "scan/probe_dispatcher.hpp"
#include "scan/target_session.hpp"

namespace osescan::scan {

namespace {

// Exit code 3 must mean "the scan could not run", not "every target failed": so before
// scanning names, make sure the stub resolver answers at all (any rcode will do).
void check_resolver_reachable(EventLoop& loop, DnsProber& dns) {
    std::optional<facts::Observed<facts::DnsAnswer>> answer;
    dns.resolve(facts::DnsRequest{".", "NS", facts::DnsVia::stub, {}},
                [&](facts::Observed<facts::DnsAnswer> a) { answer = std::move(a); });
    loop.run_until([&] { return answer.has_value(); });
    if (answer->ok()) return;
    const facts::ProbeError& e = answer->error();
    if (e.kind == facts::probe_error::timeout || e.kind == facts::probe_error::connection_refused ||
        e.kind == facts::probe_error::unreachable || e.kind == facts::probe_error::dns_error)
        throw ScanSetupError("no DNS resolver reachable (" + e.kind + ": " + e.detail + "); use --resolver IP[:port]");
}

// The validating resolver loads a trust anchor and starts a thread: only worth it (and
// only able to fail the scan over a missing root.key) when a selected check asks it.
bool any_check_reads(const ScanPlan& plan, std::string_view kind) {
    for (const checks::Check* check : plan.checks)
        if (std::find(check->info.facts.begin(), check->info.facts.end(), kind) != check->info.facts.end()) return true;
    return false;
}

bool any_name_target(const ScanPlan& plan) {
    for (const auto& t : plan.targets)
        if (!t.is_ip) return true;
    return false;
}

}  // namespace

facts::ScanContext run_scan(const ScanOptions& options, const ScanPlan& plan,
                            const std::function<void(checks::TargetResult)>& on_result) {
    engine::EngineGlobals globals;
    EventLoop loop;
    std::unique_ptr<engine::CaresDnsProber> dns;
    std::unique_ptr<engine::OpenSslTlsProber> tls;
    std::unique_ptr<engine::tls::scan::WireTlsScanProber> tls_scan;
    std::unique_ptr<engine::OpenSslBehaviourProber> tls_behaviour;
    std::unique_ptr<engine::CurlHttpProber> http;
    std::unique_ptr<engine::HttpRevocationProber> revocation;
    std::unique_ptr<engine::SmtpSessionProber> smtp;
    std::unique_ptr<engine::rpki::RpkiRouteProber> route;
    std::unique_ptr<engine::dnssec::UnboundValidator> validator;
    std::unique_ptr<engine::nts::ThreadTimeProber> time;
    facts::ScanContext context = plan.context;
    engine::ProbeSettings settings = options.probe;
    settings.smtp_slots = std::make_shared<engine::ConnectionSlots>(settings.smtp_per_host);
    try {
        dns = std::make_unique<engine::CaresDnsProber>(loop, settings);
        tls = std::make_unique<engine::OpenSslTlsProber>(loop, settings);
        tls_scan = std::make_unique<engine::tls::scan::WireTlsScanProber>(loop, settings);
        tls_behaviour = std::make_unique<engine::OpenSslBehaviourProber>(loop, settings);
        http = std::make_unique<engine::CurlHttpProber>(loop, settings);
        revocation = std::make_unique<engine::HttpRevocationProber>(loop, settings);
        if (any_check_reads(plan, "smtp")) smtp = std::make_unique<engine::SmtpSessionProber>(loop, settings);
        if (any_name_target(plan) && any_check_reads(plan, "dnssec"))
            validator = std::make_unique<engine::dnssec::UnboundValidator>(loop, settings);
        if (any_check_reads(plan, "nts") || any_check_reads(plan, "ntp"))
            time = std::make_unique<engine::nts::ThreadTimeProber>(loop, settings);
    } catch (const std::exception& e) {
        throw ScanSetupError(e.what());
    }
    if (any_name_target(plan) && !plan.checks.empty()) check_resolver_reachable(loop, *dns);
    // The VRP set (the public one is ~100 MB, maybe downloaded) only when a selected check
    // judges routes, and only once the scan can run at all.
    if (!plan.targets.empty() && any_check_reads(plan, "route")) {
        try {
            engine::rpki::RouteSource source = engine::rpki::open_route_source(loop, options.rpki);
            route = std::move(source.prober);
            if (!source.status.is_null()) context.settings["rpki.source"] = source.status;
            if (!source.notice.empty() && options.on_notice) options.on_notice(source.notice);
        } catch (const std::exception& e) {
            throw ScanSetupError(e.what());
        }
    }

    Probers probers;
    probers.dns = dns.get();
    probers.tls = tls.get();
    probers.tls_scan = tls_scan.get();
    probers.tls_behaviour = tls_behaviour.get();
    probers.http = http.get();
    probers.revocation = revocation.get();
    probers.smtp = smtp.get();
    probers.route = route.get();
    probers.validator = validator.get();
    probers.time = time.get();
    ProbeDispatcher dispatcher(loop, probers, options.concurrency, options.probe.timeout);

    // Targets are started progressively so that a list of thousands keeps memory bounded
    // while the probe cap keeps the network load bounded.
    const size_t max_active = std::max<size_t>(options.concurrency, 4);
    std::deque<facts::Target> waiting(plan.targets.begin(), plan.targets.end());
    std::vector<std::unique_ptr<TargetSession>> sessions;
    size_t active = 0;
    size_t done = 0;

    std::function<void()> start_more = [&] {
        while (active < max_active && !waiting.empty()) {
            facts::Target target = std::move(waiting.front());
            waiting.pop_front();
            ++active;
            sessions.push_back(std::make_unique<TargetSession>(std::move(target), context, plan.checks, dispatcher,
                                                               options.max_rounds, [&](checks::TargetResult result) {
                                                                   --active;
                                                                   ++done;
                                                                   on_result(std::move(result));
                                                                   loop.post(start_more);
                                                               }));
            TargetSession* session = sessions.back().get();
            loop.post([session] { session->start(); });
        }
    };
    start_more();

    const auto deadline_timer = loop.after(options.deadline, [&] {
        dispatcher.abort_all({facts::probe_error::deadline, "the scan deadline (--deadline) was reached"});
    });
    loop.run_until([&] { return done == plan.targets.size(); });
    loop.cancel(deadline_timer);
    return context;
}

checks::TargetResult judge_recorded(const facts::Target& target, const facts::ScanContext& context,
                                    const facts::FactStore& store, const std::vector<const checks::Check*>& checks) {
    checks::TargetResult result;
    result.target = target;
    result.facts = store;
    const facts::TargetFacts view(target, context, store, facts::FactsMode::replay);
    for (const checks::Check* check : checks) {
        auto findings = run_check_guarded(*check, view);
        result.findings.insert(result.findings.end(), findings.begin(), findings.end());
    }
    return result;
}

}  // namespace osescan::scan
