#pragma once
// RevocationProber over plain HTTP: asks a certificate's OCSP responder (RFC 6960, GET as
// in appendix A.1) or fetches its CRL (RFC 5280 section 5), then verifies the answer with
// OpenSSL against the certificate's issuer (engine/tls/ocsp_answer.hpp).
//
// One fetch per URL per scan: answers (and fetches in flight) are kept for the prober's
// life and shared by every target whose certificates point at the same URL; a CRL is
// fetched once whichever certificate of its issuer is asked about. Each fetch is bounded
// by ProbeSettings::timeout and by k_max_revocation_body bytes (a CRL larger than that
// ends as ProbeError "too-large": could not check).

#include <memory>

#include "engine/probers.hpp"

namespace osescan::engine::tls {

inline constexpr size_t k_max_revocation_body = 4 * 1024 * 1024;

class HttpRevocationProber final : public RevocationProber {
public:
    // Throws std::runtime_error when ProbeSettings::ca_file cannot be loaded or libcurl
    // cannot start.
    HttpRevocationProber(EventLoop& loop, const ProbeSettings& settings);
    ~HttpRevocationProber() override;

    // The returned Cancel may outlive the prober (it then does nothing).
    Cancel check(const facts::RevocationRequest& request,
                 std::function<void(facts::Observed<facts::RevocationAnswer>)> done) override;

    size_t fetches_started() const;  // distinct URLs fetched so far (tests)

private:
    class State;
    std::shared_ptr<State> m_state;
};

}  // namespace osescan::engine::tls

namespace osescan::engine {
using tls::HttpRevocationProber;
}  // namespace osescan::engine
