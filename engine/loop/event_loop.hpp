#pragma once
// A single-threaded event loop (epoll + timers). All probes of a scan run on it: c-ares,
// libcurl and libunbound hand it their sockets, OpenSSL handshakes run on non-blocking
// sockets watched by it. See engine/README.md for why one loop and not a thread pool.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace osescan::engine {

class EventLoop {
public:
    using Clock = std::chrono::steady_clock;
    using FdCallback = std::function<void(bool readable, bool writable, bool error)>;
    using TimerId = uint64_t;

    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Watch `fd` for readability and/or writability; calling again changes the interest
    // and the callback. Callbacks may watch/unwatch any fd, including their own.
    void watch(int fd, bool want_read, bool want_write, FdCallback callback);
    void unwatch(int fd);

    // One-shot timer; cancelling an expired or unknown id is a no-op.
    TimerId after(std::chrono::milliseconds delay, std::function<void()> callback);
    void cancel(TimerId id);

    // Runs `callback` on the next turn of the loop (never re-entrantly).
    void post(std::function<void()> callback);

    // Runs until `done()` is true (checked after every turn) or stop() is called.
    void run_until(const std::function<bool()>& done);
    void stop() { m_stopped = true; }

private:
    struct Watch {
        FdCallback callback;
        bool want_read = false;
        bool want_write = false;
    };
    void run_once(int max_wait_ms);
    int next_timeout_ms() const;
    void fire_timers();

    int m_epoll = -1;
    bool m_stopped = false;
    std::unordered_map<int, std::shared_ptr<Watch>> m_watches;
    std::multimap<Clock::time_point, TimerId> m_timer_order;
    std::unordered_map<TimerId, std::pair<Clock::time_point, std::function<void()>>> m_timers;
    TimerId m_next_timer = 1;
    std::vector<std::function<void()>> m_posted;
};

}  // namespace osescan::engine
