#pragma once
// One NTPv4 client exchange over UDP (RFC 5905 §8), plain or NTS-protected (RFC 8915 §5):
// blocking, on the time prober's worker thread, bounded by the timeout.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "facts/facts.hpp"

namespace osescan::engine::nts {

// What an NTS request needs from the key exchange (never recorded: secrets).
struct NtsSecrets {
    std::vector<uint8_t> c2s_key;  // client to server (RFC 8915 §5.1)
    std::vector<uint8_t> s2c_key;
    std::vector<uint8_t> cookie;  // one, used once (§5.7)
};

// Sends one mode-3 request to `address`:`port` and waits for the reply that answers it.
// `nts` null: plain NTPv4, no extension fields. The result's `outcome` says how it went;
// a ProbeError only when no request could be sent at all.
facts::Observed<facts::NtpExchange> ntp_query(const std::string& address, uint16_t port, const NtsSecrets* nts,
                                              std::chrono::milliseconds timeout);

// Reads one reply datagram of the request whose transmit timestamp was `sent_transmit`
// (with `unique_id` for NTS): pure, so the unit and fuzz tests drive it with any bytes.
// `t1`/`t4` are this machine's send and receive times (Unix seconds). Sets `out.outcome`
// (ok, nts-nak, kiss, bad-origin, bad-authenticator, malformed) and the sample. Returns false
// when the datagram does not answer this request (wrong origin or unique identifier), so
// the caller keeps waiting; `out` then says why, in case nothing better arrives.
bool read_reply(const std::vector<uint8_t>& datagram, uint64_t sent_transmit, const std::vector<uint8_t>& unique_id,
                const NtsSecrets* nts, double t1, double t4, facts::NtpExchange& out);

}  // namespace osescan::engine::nts
