#include "engine/loop/event_loop.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <cstring>

namespace osescan::engine {

EventLoop::EventLoop() : m_epoll(epoll_create1(EPOLL_CLOEXEC)) {
    if (m_epoll < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
}

EventLoop::~EventLoop() {
    if (m_epoll >= 0) close(m_epoll);
}

void EventLoop::watch(int fd, bool want_read, bool want_write, FdCallback callback) {
    epoll_event ev{};
    ev.events = (want_read ? EPOLLIN : 0u) | (want_write ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    auto it = m_watches.find(fd);
    if (it == m_watches.end()) {
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) != 0)
            throw std::runtime_error(std::string("epoll_ctl add: ") + std::strerror(errno));
        m_watches.emplace(fd, std::make_shared<Watch>(Watch{std::move(callback), want_read, want_write}));
        return;
    }
    if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev) != 0)
        throw std::runtime_error(std::string("epoll_ctl mod: ") + std::strerror(errno));
    // Replace rather than mutate: a callback running right now keeps its own copy alive.
    it->second = std::make_shared<Watch>(Watch{std::move(callback), want_read, want_write});
}

void EventLoop::unwatch(int fd) {
    auto it = m_watches.find(fd);
    if (it == m_watches.end()) return;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);  // may fail if fd already closed: fine
    m_watches.erase(it);
}

EventLoop::TimerId EventLoop::after(std::chrono::milliseconds delay, std::function<void()> callback) {
    const TimerId id = m_next_timer++;
    const auto when = Clock::now() + delay;
    m_timers.emplace(id, std::make_pair(when, std::move(callback)));
    m_timer_order.emplace(when, id);
    return id;
}

void EventLoop::cancel(TimerId id) {
    auto it = m_timers.find(id);
    if (it == m_timers.end()) return;
    auto range = m_timer_order.equal_range(it->second.first);
    for (auto o = range.first; o != range.second; ++o) {
        if (o->second == id) {
            m_timer_order.erase(o);
            break;
        }
    }
    m_timers.erase(it);
}

void EventLoop::post(std::function<void()> callback) { m_posted.push_back(std::move(callback)); }

int EventLoop::next_timeout_ms() const {
    if (!m_posted.empty()) return 0;
    if (m_timer_order.empty()) return 1000;  // idle: wake up now and then to re-check done()
    const auto delta = m_timer_order.begin()->first - Clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(delta).count();
    if (ms <= 0) return 0;
    return ms > 1000 ? 1000 : static_cast<int>(ms) + 1;
}

void EventLoop::fire_timers() {
    const auto now = Clock::now();
    while (!m_timer_order.empty() && m_timer_order.begin()->first <= now) {
        const TimerId id = m_timer_order.begin()->second;
        m_timer_order.erase(m_timer_order.begin());
        auto it = m_timers.find(id);
        if (it == m_timers.end()) continue;
        auto callback = std::move(it->second.second);
        m_timers.erase(it);
        callback();
    }
}

void EventLoop::run_once(int max_wait_ms) {
    epoll_event events[64];
    const int n = epoll_wait(m_epoll, events, 64, max_wait_ms);
    if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < n; ++i) {
        auto it = m_watches.find(events[i].data.fd);
        if (it == m_watches.end()) continue;  // unwatched by an earlier callback this turn
        std::shared_ptr<Watch> w = it->second;
        const uint32_t e = events[i].events;
        const bool err = (e & (EPOLLERR | EPOLLHUP)) != 0;
        w->callback((e & EPOLLIN) != 0 || (err && w->want_read), (e & EPOLLOUT) != 0 || (err && w->want_write),
                    err);
    }
    fire_timers();
    while (!m_posted.empty()) {
        auto batch = std::move(m_posted);
        m_posted.clear();
        for (auto& cb : batch) cb();
    }
}

void EventLoop::run_until(const std::function<bool()>& done) {
    m_stopped = false;
    while (!m_stopped && !done()) run_once(next_timeout_ms());
}

}  // namespace osescan::engine
