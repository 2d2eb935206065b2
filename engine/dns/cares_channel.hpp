#pragma once
// One c-ares channel driven by the EventLoop.
//
// c-ares tells us which sockets to watch through ARES_OPT_SOCK_STATE_CB; the loop calls
// ares_process_fd when they are ready, and one loop timer, re-armed from ares_timeout()
// after every call into c-ares, drives retransmissions and timeouts. A channel is not
// thread-safe (c-ares 1.18), which suits the single-threaded loop. The c-ares library
// itself is initialised by EngineGlobals (engine/engine_init.hpp).

#include <chrono>
#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <vector>

#include <ares.h>

#include "engine/dns/resolver_address.hpp"
#include "engine/loop/event_loop.hpp"

namespace osescan::engine::dns {

class CaresChannel {
public:
    // status is an ARES_* code; `answer` is only valid during the call.
    using Completion = std::function<void(int status, std::span<const uint8_t> answer)>;

    struct Config {
        std::vector<ResolverAddress> servers;     // must not be empty
        std::chrono::milliseconds try_timeout{1000};  // first try; c-ares doubles it per round
        int tries = 2;
    };

    // Throws std::runtime_error if c-ares cannot be set up.
    CaresChannel(EventLoop& loop, const Config& config);
    ~CaresChannel();
    CaresChannel(const CaresChannel&) = delete;
    CaresChannel& operator=(const CaresChannel&) = delete;

    // Sends a complete query message. c-ares calls `completion` exactly once: possibly
    // before send() returns (e.g. no socket could be opened), from the loop, or with
    // ARES_EDESTRUCTION when the channel is destroyed first.
    void send(std::span<const uint8_t> query, Completion completion);

    // The servers the system's resolver configuration (/etc/resolv.conf) names; c-ares
    // falls back to 127.0.0.1 when it names none. Throws std::runtime_error.
    static std::vector<ResolverAddress> system_servers();

private:
    static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable);
    static void on_query_done(void* arg, int status, int timeouts, unsigned char* answer, int length);
    void process(ares_socket_t read_fd, ares_socket_t write_fd);
    void rearm_timer();

    EventLoop& m_loop;
    ares_channel m_channel = nullptr;
    std::set<int> m_watched_fds;
    EventLoop::TimerId m_timer = 0;  // 0 = none
};

}  // namespace osescan::engine::dns
