#include "engine/nts/ntp_client.hpp"

#include <sys/socket.h>
#include <algorithm>
#include <cerrno>

#include <openssl/rand.h>

#include "engine/nts/aes_siv.hpp"
#include "engine/nts/blocking_socket.hpp"
#include "engine/nts/ntp_packet.hpp"

namespace osescan::engine::nts {

namespace {
constexpr int k_mode_client = 3;
constexpr int k_mode_server = 4;
constexpr size_t k_unique_id_bytes = 32;  // RFC 8915 §5.3: at least 32 random bytes
constexpr size_t k_nonce_bytes = 16;      // RFC 5297 / RFC 8915 §5.6: the SIV nonce

double now_unix() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

std::vector<uint8_t> random_bytes(size_t n) {
    std::vector<uint8_t> out(n);
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) out.assign(n, 0);
    return out;
}

const ExtensionField* find_field(const std::vector<ExtensionField>& fields, uint16_t type) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const ExtensionField& f) { return f.type == type; });
    return it == fields.end() ? nullptr : &*it;
}

facts::NtpSample sample_of(const NtpHeader& h, double t1, double t4) {
    facts::NtpSample s;
    s.leap = h.leap;
    s.version = h.version;
    s.mode = h.mode;
    s.stratum = h.stratum;
    s.poll = h.poll;
    s.precision = h.precision;
    s.root_delay_ms = short_to_seconds(h.root_delay) * 1000;
    s.root_dispersion_ms = short_to_seconds(h.root_dispersion) * 1000;
    s.reference_id = reference_id_text(h.reference_id, h.stratum);
    const double t2 = unix_from_ntp(h.receive_ts);
    const double t3 = unix_from_ntp(h.transmit_ts);
    // RFC 5905 §8.
    s.offset_ms = ((t2 - t1) + (t3 - t4)) / 2 * 1000;
    s.delay_ms = std::max(0.0, ((t4 - t1) - (t3 - t2)) * 1000);
    // RFC 5905 appendix A.5.5.2 (root_dist), without the dispersion grown since.
    s.root_distance_ms = (s.root_delay_ms + s.delay_ms) / 2 + s.root_dispersion_ms;
    return s;
}
}  // namespace

bool read_reply(const std::vector<uint8_t>& datagram, uint64_t sent_transmit, const std::vector<uint8_t>& unique_id,
                const NtsSecrets* nts, double t1, double t4, facts::NtpExchange& out) {
    const auto header = parse_header(datagram.data(), datagram.size());
    if (!header || header->mode != k_mode_server || header->version != 4) {
        out.outcome = facts::ntp_outcome::malformed;
        out.detail = header ? "not an NTPv4 server reply (version " + std::to_string(header->version) + ", mode " +
                                  std::to_string(header->mode) + ")"
                            : "reply shorter than the 48-byte NTP header";
        return true;
    }
    // RFC 5905 §8: a reply whose origin timestamp is not our transmit timestamp is bogus
    // (an old or forged packet); it does not answer this request.
    if (header->origin_ts != sent_transmit) {
        out.outcome = facts::ntp_outcome::bad_origin;
        out.detail = "origin timestamp of the reply is not the request's transmit timestamp";
        return false;
    }
    std::string problem;
    const auto fields = parse_extension_fields(datagram.data() + k_ntp_header_bytes,
                                               datagram.size() - k_ntp_header_bytes, k_ntp_header_bytes, problem);
    if (!fields) {
        out.outcome = facts::ntp_outcome::malformed;
        out.detail = problem;
        return true;
    }
    out.extension_fields = static_cast<int>(fields->size());
    if (nts) {
        // RFC 8915 §5.7: the reply echoes our Unique Identifier, NAK included.
        const ExtensionField* uid = find_field(*fields, ef_type::unique_identifier);
        if (!uid || uid->body != unique_id) {
            out.outcome = facts::ntp_outcome::bad_authenticator;
            out.detail =
                uid ? "the reply's unique identifier is not the request's" : "the reply has no unique identifier";
            return false;
        }
    }
    out.sample = sample_of(*header, t1, t4);
    if (header->stratum == 0) {
        // RFC 5905 §7.4 kiss-o'-death; RFC 8915 §5.7: "NTSN" = NTS negative acknowledgement.
        const std::string code = out.sample.reference_id;
        out.outcome = code == "NTSN" ? facts::ntp_outcome::nts_nak : facts::ntp_outcome::kiss;
        out.detail = "kiss code " + code;
        return true;
    }
    if (nts) {
        const ExtensionField* auth = find_field(*fields, ef_type::nts_authenticator);
        if (!auth) {
            out.outcome = facts::ntp_outcome::bad_authenticator;
            out.detail = "the reply has no NTS authenticator";
            return true;
        }
        const auto parsed = parse_authenticator(auth->body, problem);
        if (!parsed) {
            out.outcome = facts::ntp_outcome::bad_authenticator;
            out.detail = problem;
            return true;
        }
        // RFC 8915 §5.6: the associated data is the packet up to the authenticator field.
        const std::vector<uint8_t> associated(datagram.begin(), datagram.begin() + static_cast<long>(auth->offset));
        const auto plaintext = siv_open(nts->s2c_key, associated, parsed->nonce, parsed->ciphertext);
        if (!plaintext) {
            out.outcome = facts::ntp_outcome::bad_authenticator;
            out.detail = "the NTS authenticator does not verify with the server-to-client key";
            return true;
        }
        const auto inner = parse_extension_fields(plaintext->data(), plaintext->size(), 0, problem);
        if (!inner) {
            out.outcome = facts::ntp_outcome::malformed;
            out.detail = "encrypted extension fields: " + problem;
            return true;
        }
        out.new_cookies = static_cast<int>(std::count_if(inner->begin(), inner->end(), [](const ExtensionField& f) {
            return f.type == ef_type::nts_cookie;
        }));
    }
    out.outcome = facts::ntp_outcome::ok;
    out.detail.clear();
    return true;
}

facts::Observed<facts::NtpExchange> ntp_query(const std::string& address, uint16_t port, const NtsSecrets* nts,
                                              std::chrono::milliseconds timeout) {
    const Deadline deadline = std::chrono::steady_clock::now() + timeout;
    facts::NtpExchange out;
    out.address = address;
    out.port = port;
    Socket socket;
    // A connected UDP socket: an ICMP port unreachable comes back as ECONNREFUSED.
    const auto connected = connect_to(address, port, true, deadline, socket);
    if (!connected.ok()) return connected.error();

    NtpHeader request;
    request.mode = k_mode_client;
    request.version = 4;
    const double t1 = now_unix();
    request.transmit_ts = ntp_from_unix(t1);
    std::vector<uint8_t> packet = encode_header(request);
    std::vector<uint8_t> unique_id;
    if (nts) {
        // RFC 8915 §5.7: Unique Identifier, NTS Cookie, then the Authenticator over both.
        unique_id = random_bytes(k_unique_id_bytes);
        append_extension_field(packet, ef_type::unique_identifier, unique_id);
        append_extension_field(packet, ef_type::nts_cookie, nts->cookie);
        const std::vector<uint8_t> nonce = random_bytes(k_nonce_bytes);
        const auto sealed = siv_seal(nts->c2s_key, packet, nonce, {});
        if (!sealed) return facts::ProbeError{facts::probe_error::internal, "AES-SIV-CMAC-256 failed"};
        append_extension_field(packet, ef_type::nts_authenticator, authenticator_body(nonce, *sealed));
    }
    if (::send(socket.fd(), packet.data(), packet.size(), MSG_NOSIGNAL) < 0) return socket_error(errno, "send");

    out.outcome = facts::ntp_outcome::no_answer;
    out.detail = "no reply within the timeout";
    facts::NtpExchange mismatch;  // the last reply that did not answer this request
    bool any_mismatch = false;
    std::vector<uint8_t> datagram(k_max_ntp_packet);
    while (wait_for(socket.fd(), false, deadline)) {
        const ssize_t n = ::recv(socket.fd(), datagram.data(), datagram.size(), MSG_TRUNC);
        const double t4 = now_unix();
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            out.outcome = errno == ECONNREFUSED ? facts::ntp_outcome::refused : facts::ntp_outcome::no_answer;
            out.detail = socket_error(errno, "receive").detail;
            return out;
        }
        if (static_cast<size_t>(n) > datagram.size()) {
            out.outcome = facts::ntp_outcome::malformed;
            out.detail = "reply larger than " + std::to_string(k_max_ntp_packet) + " bytes";
            return out;
        }
        std::vector<uint8_t> reply(datagram.begin(), datagram.begin() + n);
        facts::NtpExchange attempt = out;
        if (read_reply(reply, request.transmit_ts, unique_id, nts, t1, t4, attempt)) return attempt;
        mismatch = attempt;
        any_mismatch = true;
    }
    return any_mismatch ? mismatch : out;
}

}  // namespace osescan::engine::nts
