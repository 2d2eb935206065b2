#pragma once
// The engine's SmtpProber: one SmtpProbe (smtp_probe.hpp) per request, at most
// ProbeSettings::smtp_per_host conversations at once with one MX host (mail servers
// rate-limit scanners: a second connection while the first is open is often answered
// "421 too many connections"), each fact bounded by k_smtp_timeouts timeouts from the
// request, the wait for a connection slot included.

#include <memory>

#include "engine/probers.hpp"

namespace osescan::engine::smtp {

class SmtpSessionProber final : public SmtpProber {
public:
    // Throws std::runtime_error when ProbeSettings::ca_file cannot be loaded.
    SmtpSessionProber(EventLoop& loop, const ProbeSettings& settings);

    Cancel converse(const facts::SmtpRequest& request,
                    std::function<void(facts::Observed<facts::SmtpSession>)> done) override;

    struct Shared;

private:
    std::shared_ptr<Shared> m_shared;  // also held by the conversations in flight
};

}  // namespace osescan::engine::smtp

namespace osescan::engine {
using smtp::SmtpSessionProber;
}  // namespace osescan::engine
