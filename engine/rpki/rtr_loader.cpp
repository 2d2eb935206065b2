#include "engine/rpki/rtr_loader.hpp"

#include <pthread.h>
#include <rtrlib/rtrlib.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "engine/rpki/rtrlib_address.hpp"
#include "engine/rpki/stderr_capture.hpp"

namespace osescan::engine::rpki {

namespace {

// Called from RTRlib's socket thread.
struct SyncState {
    std::mutex mutex;
    std::condition_variable changed;
    bool error = false;
    std::string socket_state;
};

void on_status(const rtr_mgr_group* /*group*/, rtr_mgr_status status, const rtr_socket* socket, void* data) {
    auto* state = static_cast<SyncState*>(data);
    {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (status == RTR_MGR_ERROR) {
            state->error = true;
            if (socket) state->socket_state = rtr_state_to_str(socket->state);
        }
    }
    state->changed.notify_all();
}

struct CopyContext {
    VrpTable* table;
    size_t added = 0;
};

void copy_record(const pfx_record* record, void* data) {
    auto* context = static_cast<CopyContext*>(data);
    VrpEntry entry{checks::rpki::IpPrefix{from_lrtr(record->prefix), record->min_len}, record->max_len, record->asn};
    if (context->table->add(entry)) ++context->added;
}

// The lines of RTRlib's log that say what went wrong, without their time stamps.
std::string log_reasons(const std::string& log) {
    std::vector<std::string> reasons;
    size_t start = 0;
    while (start < log.size()) {
        size_t end = log.find('\n', start);
        if (end == std::string::npos) end = log.size();
        std::string line = log.substr(start, end - start);
        start = end + 1;
        if (const size_t stamp = line.find("): "); line.starts_with("(") && stamp != std::string::npos)
            line = line.substr(stamp + 3);
        const bool relevant = line.find("Could not") != std::string::npos ||
                              line.find("rror") != std::string::npos ||
                              line.find("refused") != std::string::npos ||
                              line.find("imeout") != std::string::npos;
        if (!relevant || std::find(reasons.begin(), reasons.end(), line) != reasons.end()) continue;
        reasons.push_back(line.substr(0, 200));
    }
    std::string out;
    for (size_t i = 0; i < reasons.size() && i < 3; ++i) out += (out.empty() ? "" : "; ") + reasons[i];
    return out;
}

// RTRlib's socket thread writes to the server; should the server vanish, a write would
// raise SIGPIPE and kill osescan. Threads inherit the creating thread's signal mask, so
// SIGPIPE is blocked while rtr_mgr_start creates the thread (for that thread only: a
// blocked SIGPIPE just stays pending and send() reports EPIPE).
class SigpipeBlockedForNewThreads {
public:
    SigpipeBlockedForNewThreads() {
        sigset_t block;
        sigemptyset(&block);
        sigaddset(&block, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &block, &m_old);
    }
    ~SigpipeBlockedForNewThreads() { pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }
    SigpipeBlockedForNewThreads(const SigpipeBlockedForNewThreads&) = delete;
    SigpipeBlockedForNewThreads& operator=(const SigpipeBlockedForNewThreads&) = delete;

private:
    sigset_t m_old;
};

}  // namespace

std::string RtrEndpoint::text() const {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
}

std::optional<RtrEndpoint> parse_rtr_endpoint(std::string_view text) {
    RtrEndpoint out;
    std::string_view port;
    if (text.starts_with("[")) {
        const size_t close = text.find("]:");
        if (close == std::string_view::npos || close < 2) return std::nullopt;
        out.host = std::string(text.substr(1, close - 1));
        port = text.substr(close + 2);
    } else {
        const size_t colon = text.find(':');
        if (colon == std::string_view::npos || colon == 0 || text.find(':', colon + 1) != std::string_view::npos)
            return std::nullopt;
        out.host = std::string(text.substr(0, colon));
        port = text.substr(colon + 1);
    }
    if (port.empty() || port.size() > 5 || (port.size() > 1 && port[0] == '0')) return std::nullopt;
    unsigned value = 0;
    for (char c : port) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return std::nullopt;
    for (char c : out.host)
        if (c <= ' ' || c == '/' || c == '[' || c == ']' || static_cast<unsigned char>(c) >= 0x7f) return std::nullopt;
    out.port = std::string(port);
    return out;
}

size_t load_from_rtr(const RtrEndpoint& endpoint, std::chrono::milliseconds timeout, VrpTable& table) {
    const std::string where = "RTR server " + endpoint.text();
    StderrCapture capture;
    SyncState state;

    // RTRlib keeps pointers to these until rtr_mgr_free.
    std::string host = endpoint.host;
    std::string port = endpoint.port;
    const auto connect_seconds = static_cast<unsigned int>(std::max<int64_t>(1, (timeout.count() + 999) / 1000));
    tr_tcp_config tcp_config{host.data(), port.data(), nullptr, nullptr, nullptr, connect_seconds};
    tr_socket transport{};
    if (tr_tcp_init(&tcp_config, &transport) != TR_SUCCESS) throw std::runtime_error(where + ": cannot create the TCP transport");
    rtr_socket socket{};
    socket.tr_socket = &transport;
    rtr_socket* sockets[] = {&socket};
    rtr_mgr_group group{};
    group.sockets = sockets;
    group.sockets_len = 1;
    group.preference = 1;

    rtr_mgr_config* manager = nullptr;
    // Intervals (refresh 1 h, expire 2 h, retry 10 min) only matter for a long session;
    // this one ends after the first sync.
    if (rtr_mgr_init(&manager, &group, 1, 3600, 7200, 600, nullptr, nullptr, on_status, &state) != RTR_SUCCESS)
        throw std::runtime_error(where + ": cannot initialise the RTR manager");

    {
        SigpipeBlockedForNewThreads no_sigpipe;
        if (rtr_mgr_start(manager) != RTR_SUCCESS) {
            rtr_mgr_stop(manager);
            rtr_mgr_free(manager);
            throw std::runtime_error(where + ": cannot start the RTR session");
        }
    }

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool synced = false;
    bool failed = false;
    std::string socket_state;
    while (true) {
        // Never call into RTRlib while holding state.mutex: RTRlib calls on_status with its
        // own lock held.
        if (rtr_mgr_conf_in_sync(manager)) {
            synced = true;
            break;
        }
        std::unique_lock<std::mutex> lock(state.mutex);
        if (state.error) {
            failed = true;
            socket_state = state.socket_state;
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) break;
        state.changed.wait_for(lock, std::min<std::chrono::steady_clock::duration>(deadline - now,
                                                                                    std::chrono::milliseconds(20)));
    }

    CopyContext copy{&table};
    if (synced) {
        pfx_table_for_each_ipv4_record(manager->pfx_table, copy_record, &copy);
        pfx_table_for_each_ipv6_record(manager->pfx_table, copy_record, &copy);
    }
    rtr_mgr_stop(manager);
    rtr_mgr_free(manager);  // also frees the transport

    if (!synced) {
        const std::string reasons = log_reasons(capture.text());
        std::string message = where + ": ";
        if (failed)
            message += "connection or protocol error" + (socket_state.empty() ? "" : " (" + socket_state + ")");
        else
            message += "no complete VRP set within " + std::to_string(timeout.count()) + " ms";
        if (!reasons.empty()) message += ": " + reasons;
        throw std::runtime_error(message);
    }
    if (copy.added == 0) throw std::runtime_error(where + ": the server sent no VRPs");
    return copy.added;
}

}  // namespace osescan::engine::rpki
