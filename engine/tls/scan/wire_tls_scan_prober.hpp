#pragma once
// TlsScanProber with the project's own ClientHellos (engine/tls/wire): drives a Strategy
// (strategy.hpp) on the EventLoop, every hello an exchange_hello_cancellable bounded by
// ProbeSettings::timeout, at most ProbeSettings::tls_scan_per_address connections at once
// per address (over all the facts in flight), the whole fact bounded by
// k_tls_scan_timeouts timeouts. One instance per scan: it remembers the versions fact of
// each address:port:sni:starttls for the features aspect (fallback SCSV).
//
// starttls "smtp" (an MX's port 25): each hello on its own connection after
// smtp::StarttlsPreamble, then wire::exchange_hello_on_fd; at most
// ProbeSettings::smtp_per_host of them at once per address. A failure of the preamble is
// the fact's ProbeError (the server's words), never a refusal.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/probers.hpp"

namespace osescan::engine::tls::scan {

class WireTlsScanProber : public TlsScanProber {
public:
    WireTlsScanProber(EventLoop& loop, const ProbeSettings& settings);
    ~WireTlsScanProber() override;
    Cancel scan(const facts::TlsScanRequest& request,
                std::function<void(facts::Observed<facts::TlsScan>)> done) override;

    struct Shared;  // loop, settings, connection slots, versions cache (held by running facts)

private:
    std::shared_ptr<Shared> m_shared;
};

}  // namespace osescan::engine::tls::scan
