#include "facts/target_facts.hpp"

#include <algorithm>

namespace osescan::facts {

TargetFacts::TargetFacts(const Target& target, const ScanContext& context, const FactStore& store,
                         FactsMode mode)
    : m_target(target), m_context(context), m_store(store), m_mode(mode) {}

namespace {
template <class T>
Result not_recorded_result(const std::string& key) {
    return Observed<T>(ProbeError{probe_error::not_recorded, "fact not in the facts file: " + key});
}
}  // namespace

template <class T>
const Observed<T>& TargetFacts::lookup(const Request& request) const {
    const std::string key = request_key(request);
    if (const Observation* obs = m_store.find(key)) {
        if (const auto* typed = std::get_if<Observed<T>>(&obs->result)) return *typed;
    }
    if (m_mode == FactsMode::live) {
        const bool known = std::any_of(m_missing.begin(), m_missing.end(),
                                       [&](const Request& r) { return request_key(r) == key; });
        if (!known) m_missing.push_back(request);
        throw FactsPending();
    }
    if (const Observation* placeholder = m_not_recorded.find(key)) {
        return std::get<Observed<T>>(placeholder->result);
    }
    m_not_recorded.put(Observation{request, not_recorded_result<T>(key), 0});
    return std::get<Observed<T>>(m_not_recorded.find(key)->result);
}

const Observed<DnsAnswer>& TargetFacts::dns(const DnsRequest& request) const {
    return lookup<DnsAnswer>(request);
}
const Observed<TlsHandshake>& TargetFacts::tls(const TlsRequest& request) const {
    return lookup<TlsHandshake>(request);
}
const Observed<HttpResponse>& TargetFacts::http(const HttpRequest& request) const {
    return lookup<HttpResponse>(request);
}
const Observed<RouteValidity>& TargetFacts::route(const RouteRequest& request) const {
    return lookup<RouteValidity>(request);
}
const Observed<TlsScan>& TargetFacts::tls_scan(const TlsScanRequest& request) const {
    return lookup<TlsScan>(request);
}

const Observed<NtsExchange>& TargetFacts::nts(const NtsRequest& request) const {
    return lookup<NtsExchange>(request);
}
const Observed<NtpExchange>& TargetFacts::ntp(const NtpRequest& request) const {
    return lookup<NtpExchange>(request);
}
const Observed<TlsBehaviour>& TargetFacts::tls_behaviour(const TlsBehaviourRequest& request) const {
    return lookup<TlsBehaviour>(request);
}
const Observed<RevocationAnswer>& TargetFacts::revocation(const RevocationRequest& request) const {
    return lookup<RevocationAnswer>(request);
}
const Observed<SmtpSession>& TargetFacts::smtp(const SmtpRequest& request) const {
    return lookup<SmtpSession>(request);
}

void TargetFacts::need(const std::vector<Request>& requests) const {
    if (m_mode == FactsMode::replay) return;
    bool any_missing = false;
    for (const Request& request : requests) {
        const std::string key = request_key(request);
        if (m_store.find(key)) continue;
        any_missing = true;
        const bool known = std::any_of(m_missing.begin(), m_missing.end(),
                                       [&](const Request& r) { return request_key(r) == key; });
        if (!known) m_missing.push_back(request);
    }
    if (any_missing) throw FactsPending();
}

}  // namespace osescan::facts
