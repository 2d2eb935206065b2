#pragma once
// TargetFacts: the read-only window a check has on what was observed for one target.
//
// Checks do not declare their facts in a static table: some needs are only known from
// other facts (the SPF include chain, the name servers' addresses, the DMARC
// organisational domain). Instead a check simply asks. In a live scan, asking for a fact
// that has not been gathered yet records the request and stops the check with
// FactsPending; the runner gathers every request recorded in that round (concurrently,
// deduplicated, shared with the other checks) and runs the check again. Checks are pure
// and cheap, so re-running them costs microseconds; a network round trip costs
// milliseconds. `need()` lets a check ask for a batch at once so that independent facts
// (five TLS versions on four addresses) are gathered in one round.
//
// In a replay (--from-facts) nothing is gathered: a missing fact is an Observed error
// "not-recorded", which the check reports as `error`.

#include <exception>
#include <string>
#include <vector>

#include "facts/facts.hpp"

namespace osescan::facts {

class FactsPending : public std::exception {
public:
    const char* what() const noexcept override { return "facts pending"; }
};

enum class FactsMode { live, replay };

class TargetFacts {
public:
    TargetFacts(const Target& target, const ScanContext& context, const FactStore& store,
                FactsMode mode);

    const Target& target() const { return m_target; }
    const ScanContext& context() const { return m_context; }

    const Observed<DnsAnswer>& dns(const DnsRequest& request) const;
    const Observed<DnsAnswer>& dns(const std::string& name, const std::string& type) const {
        return dns(DnsRequest{name, type, DnsVia::stub, {}});
    }
    const Observed<TlsHandshake>& tls(const TlsRequest& request) const;
    const Observed<HttpResponse>& http(const HttpRequest& request) const;
    const Observed<RouteValidity>& route(const RouteRequest& request) const;
    const Observed<TlsScan>& tls_scan(const TlsScanRequest& request) const;
    const Observed<NtsExchange>& nts(const NtsRequest& request) const;
    const Observed<NtpExchange>& ntp(const NtpRequest& request) const;
    const Observed<TlsBehaviour>& tls_behaviour(const TlsBehaviourRequest& request) const;
    const Observed<RevocationAnswer>& revocation(const RevocationRequest& request) const;
    const Observed<SmtpSession>& smtp(const SmtpRequest& request) const;

    // Records every request in `requests` that has no observation yet; throws
    // FactsPending (live mode) if there was any. Returns normally when all are present.
    void need(const std::vector<Request>& requests) const;

    // Requests recorded as missing since construction (live mode).
    const std::vector<Request>& missing() const { return m_missing; }

private:
    template <class T>
    const Observed<T>& lookup(const Request& request) const;

    const Target& m_target;
    const ScanContext& m_context;
    const FactStore& m_store;
    FactsMode m_mode;
    mutable std::vector<Request> m_missing;
    mutable FactStore m_not_recorded;  // replay: placeholders for absent facts
};

}  // namespace osescan::facts
