#include "engine/dns/cares_dns_prober.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/dns/cares_channel.hpp"
#include "engine/dns/dns_message.hpp"
#include "engine/dns/dns_query.hpp"
#include "engine/dns/rr_types.hpp"

namespace osescan::engine::dns {

namespace pe = facts::probe_error;

namespace {
// c-ares 1.18 waits `try_timeout << round` per try, a round being one try at each server:
// with 2 tries the total is 3 * servers * try_timeout. Sized so that it fits the budget.
constexpr int k_tries = 2;

std::chrono::milliseconds try_timeout_for(std::chrono::milliseconds budget, size_t servers) {
    const int64_t per_try = budget.count() / (3 * static_cast<int64_t>(std::max<size_t>(1, servers)));
    return std::chrono::milliseconds(std::max<int64_t>(1, per_try));
}

facts::Observed<facts::DnsAnswer> outcome(int status, std::span<const uint8_t> response) {
    switch (status) {
        case ARES_SUCCESS: {
            DnsMessageResult parsed = parse_dns_response(response);
            if (auto* answer = std::get_if<facts::DnsAnswer>(&parsed)) return std::move(*answer);
            return facts::ProbeError{pe::dns_error,
                                     "malformed DNS response: " + std::get<DnsMessageError>(parsed).reason};
        }
        case ARES_ETIMEOUT: return facts::ProbeError{pe::timeout, "no DNS response within the timeout"};
        case ARES_ECONNREFUSED: return facts::ProbeError{pe::connection_refused, "DNS server refused the connection"};
        default: return facts::ProbeError{pe::dns_error, ares_strerror(status)};
    }
}
}  // namespace

struct CaresDnsProber::PendingQuery {
    std::function<void(facts::Observed<facts::DnsAnswer>)> done;
    std::string server;          // direct queries: recorded in DnsAnswer::server
    bool finished = false;       // a result is decided (maybe not yet delivered)
    bool cancelled = false;      // the caller no longer wants the result
    EventLoop::TimerId deadline = 0;
};

CaresDnsProber::CaresDnsProber(EventLoop& loop, const ProbeSettings& settings)
    : m_loop(loop), m_timeout(std::max(settings.timeout, std::chrono::milliseconds(1))) {
    std::vector<ResolverAddress> servers;
    for (const std::string& text : settings.resolvers) {
        std::string error;
        auto address = parse_resolver_address(text, error);
        if (!address) throw std::runtime_error(error);
        servers.push_back(*address);
    }
    if (servers.empty()) servers = CaresChannel::system_servers();
    m_stub = make_channel(std::move(servers));
}

CaresDnsProber::~CaresDnsProber() {
    // Drop the callbacks first, so that the ARES_EDESTRUCTION completions the channels
    // deliver while being destroyed find every query finished.
    for (const auto& query : m_in_flight) {
        query->finished = true;
        query->cancelled = true;
        m_loop.cancel(query->deadline);
    }
    m_in_flight.clear();
    m_direct.clear();
    m_stub.reset();
}

std::unique_ptr<CaresChannel> CaresDnsProber::make_channel(std::vector<ResolverAddress> servers) {
    CaresChannel::Config config;
    config.try_timeout = try_timeout_for(m_timeout, servers.size());
    config.tries = k_tries;
    config.servers = std::move(servers);
    return std::make_unique<CaresChannel>(m_loop, config);
}

CaresChannel* CaresDnsProber::direct_channel(const ResolverAddress& server) {
    const std::string key = server.to_string();
    auto it = m_direct.find(key);
    if (it == m_direct.end()) it = m_direct.emplace(key, make_channel({server})).first;
    return it->second.get();
}

void CaresDnsProber::finish(const std::shared_ptr<PendingQuery>& query, facts::Observed<facts::DnsAnswer> result) {
    if (query->finished) return;
    query->finished = true;
    m_loop.cancel(query->deadline);
    m_in_flight.erase(query);
    if (result.ok() && !query->server.empty()) result.value().server = query->server;
    // Always delivered on a later turn of the loop: never from inside resolve(), and never
    // from inside c-ares (a callback may start new queries on the same channel).
    m_loop.post([query, alive = std::weak_ptr<int>(m_alive), result = std::move(result)]() mutable {
        if (query->cancelled || alive.expired()) return;
        auto done = std::move(query->done);
        done(std::move(result));
    });
}

Cancel CaresDnsProber::resolve(const facts::DnsRequest& request,
                               std::function<void(facts::Observed<facts::DnsAnswer>)> done) {
    auto query = std::make_shared<PendingQuery>();
    query->done = std::move(done);
    m_in_flight.insert(query);
    Cancel cancel = [query] { query->cancelled = true; };

    if (request.via == facts::DnsVia::validator) {
        finish(query, facts::ProbeError{pe::not_configured, "no validating resolver in this prober"});
        return cancel;
    }
    const std::optional<uint16_t> type = rr_type_number(request.type);
    if (!type) {
        finish(query, facts::ProbeError{pe::internal, "unknown DNS record type \"" + request.type + "\""});
        return cancel;
    }
    CaresChannel* channel = m_stub.get();
    if (request.via == facts::DnsVia::direct) {
        std::string error;
        const auto server = parse_resolver_address(request.server, error);
        if (!server) {
            finish(query, facts::ProbeError{pe::internal, error});
            return cancel;
        }
        query->server = request.server;
        try {
            channel = direct_channel(*server);
        } catch (const std::exception& e) {
            finish(query, facts::ProbeError{pe::dns_error, e.what()});
            return cancel;
        }
    }
    DnsQuery message;
    message.name = request.name;
    message.type = *type;
    message.recursion_desired = request.via == facts::DnsVia::stub;
    std::string error;
    const auto wire = build_query(message, error);
    if (!wire) {
        finish(query, facts::ProbeError{pe::dns_error, "cannot query \"" + request.name + "\": " + error});
        return cancel;
    }

    query->deadline = m_loop.after(m_timeout, [this, query] {
        query->deadline = 0;
        finish(query, facts::ProbeError{pe::timeout, "no DNS response within the timeout"});
    });
    channel->send(*wire, [this, query](int status, std::span<const uint8_t> response) {
        if (query->finished) return;  // timed out already, or the prober is being destroyed
        finish(query, outcome(status, response));
    });
    return cancel;
}

}  // namespace osescan::engine::dns
