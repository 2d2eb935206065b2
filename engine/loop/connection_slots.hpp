#pragma once
// Connections at once per key (an address, an MX host name), over every fact in flight:
// what keeps a scanner from opening more connections to one server than it tolerates (TLS
// handshake scans, --tls-scan-connections; SMTP, --smtp-connections).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>

namespace osescan::engine {

class ConnectionSlots {
public:
    explicit ConnectionSlots(size_t cap) : m_cap(cap ? cap : 1) {}
    using Id = uint64_t;

    // Runs `start` now or when a slot frees up; the holder calls release() when done.
    Id acquire(const std::string& key, std::function<void()> start) {
        Key& k = m_keys[key];
        const Id id = m_next++;
        if (k.active < m_cap) {
            ++k.active;
            start();
        } else {
            k.waiting.emplace_back(id, std::move(start));
        }
        return id;
    }

    void release(const std::string& key) {
        auto it = m_keys.find(key);
        if (it == m_keys.end()) return;
        Key& k = it->second;
        if (k.active > 0) --k.active;
        if (!k.waiting.empty()) {
            auto start = std::move(k.waiting.front().second);
            k.waiting.pop_front();
            ++k.active;
            start();
            return;
        }
        if (k.active == 0) m_keys.erase(it);
    }

    // A waiting start that will not be wanted any more; false when it already started.
    bool forget(const std::string& key, Id id) {
        auto it = m_keys.find(key);
        if (it == m_keys.end()) return false;
        auto& waiting = it->second.waiting;
        for (auto w = waiting.begin(); w != waiting.end(); ++w)
            if (w->first == id) {
                waiting.erase(w);
                return true;
            }
        return false;
    }

private:
    struct Key {
        size_t active = 0;
        std::deque<std::pair<Id, std::function<void()>>> waiting;
    };
    size_t m_cap;
    Id m_next = 1;
    std::map<std::string, Key> m_keys;
};

}  // namespace osescan::engine
