// The enumeration strategies of the TLS handshake scan (strategy.hpp): versions, cipher
// suites and their order, groups (and the DHE prime), TLS 1.2 signature schemes, features.
#include "engine/tls/scan/strategy.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "engine/tls/wire/registry.hpp"

namespace osescan::engine::tls::scan {

using wire::ClientHelloSpec;
using wire::ExchangeResult;
using wire::ServerReply;
using Kind = ServerReply::Kind;
using End = ExchangeResult::End;

namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

template <typename T>
bool has(const std::vector<T>& list, T value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// Suites only TLS 1.2 defines (RFC 5246 appendix A.5 and the AEAD/SHA-2 suites after it).
bool tls12_only(std::string_view name) {
    return contains(name, "_GCM") || contains(name, "_CCM") || contains(name, "CHACHA20") ||
           contains(name, "_ARIA_") || contains(name, "GOSTR") || name.ends_with("_SHA256") ||
           name.ends_with("_SHA384");
}

// Offer order of long lists: the key exchanges servers use today first, so that the first
// chunk of a split list is the one a modern server answers.
int suite_rank(std::string_view name) {
    if (contains(name, "_ECDHE_") && !contains(name, "PSK")) return 0;
    if (contains(name, "_DHE_") && !contains(name, "PSK")) return 1;
    if (name.starts_with("TLS_RSA_WITH")) return 2;
    return 3;
}

std::vector<std::vector<uint16_t>> chunks_of(const std::vector<uint16_t>& suites) {
    std::vector<uint16_t> ranked = suites;
    std::stable_sort(ranked.begin(), ranked.end(), [](uint16_t a, uint16_t b) {
        return suite_rank(wire::cipher_suite_name(a)) < suite_rank(wire::cipher_suite_name(b));
    });
    std::vector<std::vector<uint16_t>> chunks;
    for (size_t at = 0; at < ranked.size(); at += k_max_suites_per_hello)
        chunks.emplace_back(ranked.begin() + static_cast<std::ptrdiff_t>(at),
                            ranked.begin() + static_cast<std::ptrdiff_t>(std::min(ranked.size(), at + k_max_suites_per_hello)));
    return chunks;
}

facts::TlsCode suite_code(uint16_t id) { return {id, wire::cipher_suite_name(id)}; }
facts::TlsCode group_code(uint16_t id) { return {id, wire::group_name(id)}; }
facts::TlsCode scheme_code(uint16_t id) { return {id, wire::signature_scheme_name(id)}; }

bool is_hello(const ExchangeResult& r) {
    return r.end == End::reply && (r.reply.kind == Kind::server_hello || r.reply.kind == Kind::hello_retry_request);
}

// A (Server|HelloRetry)Hello at exactly `version`.
bool accepted_at(const ExchangeResult& r, uint16_t version) { return is_hello(r) && r.reply.version == version; }

std::string hex4(uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%04X", value);
    return text;
}

void note_malformed(const ExchangeResult& r, std::vector<std::string>& notes, const std::string& what) {
    if (r.end == End::reply && r.reply.kind == Kind::malformed)
        notes.push_back(what + ": malformed ServerHello: " + r.reply.malformed_reason);
}

std::string refusal_or_answer(const ExchangeResult& r) {
    if (is_hello(r)) return "answered " + version_name(r.reply.version);
    return describe_refusal(r);
}

// ---------------------------------------------------------------------------- versions

class VersionsStrategy : public Strategy {
public:
    explicit VersionsStrategy(std::string sni) : m_sni(std::move(sni)) {
        for (const ScanVersion& v : scan_versions()) {
            Probe probe;
            probe.version = v;
            if (v.wire != wire::k_ssl2) probe.chunks = chunks_of(suites_for_version(v.wire));
            m_probes.push_back(std::move(probe));
        }
    }

    std::vector<ClientHelloSpec> next() override {
        std::vector<ClientHelloSpec> batch;
        m_in_batch.clear();
        for (size_t i = 0; i < m_probes.size(); ++i) {
            const Probe& p = m_probes[i];
            if (p.decided) continue;
            if (p.version.wire == wire::k_ssl2) batch.push_back(base_hello(wire::k_ssl2, m_sni));
            else batch.push_back(base_hello(p.version.wire, m_sni, p.chunks[p.chunk]));
            m_in_batch.push_back(i);
        }
        return batch;
    }

    void answer(const std::vector<ExchangeResult>& answers) override {
        for (size_t k = 0; k < answers.size() && k < m_in_batch.size(); ++k) {
            Probe& p = m_probes[m_in_batch[k]];
            const ExchangeResult& r = answers[k];
            const std::string what = std::string(p.version.name) + " hello";
            note_malformed(r, m_notes, what);
            if (p.version.wire == wire::k_ssl2) {
                p.decided = true;
                p.accepted = r.end == End::reply && r.reply.kind == Kind::sslv2_server_hello;
                if (!p.accepted) p.detail = refusal_or_answer(r);
                continue;
            }
            if (accepted_at(r, p.version.wire)) {
                p.decided = p.accepted = true;
                continue;
            }
            p.detail = refusal_or_answer(r);
            // A handshake_failure may only mean "none of these suites": try the next chunk.
            const bool no_common_suite = r.end == End::reply && r.reply.kind == Kind::alert &&
                                         r.reply.alert_description == 40 && !r.reply.sslv2_error;
            if (no_common_suite && p.chunk + 1 < p.chunks.size()) ++p.chunk;
            else p.decided = true;
        }
    }

    facts::TlsScan result() const override {
        facts::TlsScan scan;
        for (const Probe& p : m_probes)
            scan.versions.push_back({p.version.name, p.accepted, p.accepted ? "" : p.detail});
        scan.notes = m_notes;
        return scan;
    }

    bool resets_refuse() const override { return true; }

private:
    struct Probe {
        ScanVersion version{};
        std::vector<std::vector<uint16_t>> chunks;
        size_t chunk = 0;
        bool decided = false;
        bool accepted = false;
        std::string detail;
    };
    std::string m_sni;
    std::vector<Probe> m_probes;
    std::vector<size_t> m_in_batch;
    std::vector<std::string> m_notes;
};

// ---------------------------------------------------------------------------- ciphers

class CiphersStrategy : public Strategy {
public:
    CiphersStrategy(uint16_t version, std::string sni) : m_version(version), m_sni(std::move(sni)) {
        if (version != wire::k_ssl2)
            for (auto& chunk : chunks_of(suites_for_version(version))) m_chunks.push_back({std::move(chunk), {}, true});
    }

    std::vector<ClientHelloSpec> next() override {
        m_batch.clear();
        std::vector<ClientHelloSpec> batch;
        switch (m_phase) {
        case Phase::sslv2:
            batch.push_back(base_hello(wire::k_ssl2, m_sni));
            break;
        case Phase::discover:
            for (size_t i = 0; i < m_chunks.size(); ++i) {
                if (!m_chunks[i].active) continue;
                batch.push_back(hello(m_chunks[i].remaining));
                m_batch.push_back(i);
            }
            break;
        case Phase::order: {
            std::vector<uint16_t> reversed(m_found.rbegin(), m_found.rend());
            batch.push_back(hello(m_found));
            batch.push_back(hello(reversed));
            break;
        }
        case Phase::derive: {
            std::vector<uint16_t> remaining;
            for (uint16_t s : m_found)
                if (!has(m_server_order, s)) remaining.push_back(s);
            if (remaining.size() >= 2) {
                std::reverse(remaining.begin(), remaining.end());
                batch.push_back(hello(remaining));
            }
            break;
        }
        case Phase::done: break;
        }
        if (batch.empty() && m_phase != Phase::done) {
            advance();
            return next();
        }
        return batch;
    }

    void answer(const std::vector<ExchangeResult>& answers) override {
        switch (m_phase) {
        case Phase::sslv2: {
            const ExchangeResult& r = answers.at(0);
            note_malformed(r, m_notes, "SSLv2 hello");
            if (r.end == End::reply && r.reply.kind == Kind::sslv2_server_hello) {
                for (uint32_t kind : r.reply.sslv2_ciphers) m_sslv2.push_back({kind, wire::sslv2_cipher_name(kind)});
                if (m_sslv2.size() >= 2)
                    m_notes.push_back("SSLv2: the server lists its cipher kinds and the client chooses");
            } else {
                m_notes.push_back("SSLv2 hello refused: " + refusal_or_answer(r));
            }
            m_phase = Phase::done;
            return;
        }
        case Phase::discover:
            for (size_t k = 0; k < answers.size() && k < m_batch.size(); ++k) {
                Chunk& chunk = m_chunks[m_batch[k]];
                const ExchangeResult& r = answers[k];
                note_malformed(r, m_notes, "cipher hello");
                if (!accepted_at(r, m_version) || r.reply.kind != Kind::server_hello) {
                    if (is_hello(r)) m_notes.push_back("cipher hello " + refusal_or_answer(r));
                    chunk.active = false;
                    continue;
                }
                const uint16_t suite = r.reply.cipher_suite;
                if (!has(chunk.remaining, suite)) {
                    m_notes.push_back("the server chose " + wire::cipher_suite_name(suite) + ", which was not offered");
                    chunk.active = false;
                    continue;
                }
                chunk.found.push_back(suite);
                std::erase(chunk.remaining, suite);
                chunk.active = !chunk.remaining.empty();
            }
            if (std::none_of(m_chunks.begin(), m_chunks.end(), [](const Chunk& c) { return c.active; })) {
                for (const Chunk& c : m_chunks)
                    for (uint16_t s : c.found)
                        if (!has(m_found, s)) m_found.push_back(s);
                m_found_in_one_chunk =
                    std::count_if(m_chunks.begin(), m_chunks.end(), [](const Chunk& c) { return !c.found.empty(); }) == 1;
                advance();
            }
            return;
        case Phase::order: {
            const auto picked = [&](const ExchangeResult& r) -> std::optional<uint16_t> {
                if (accepted_at(r, m_version) && r.reply.kind == Kind::server_hello && has(m_found, r.reply.cipher_suite))
                    return r.reply.cipher_suite;
                return std::nullopt;
            };
            const auto a = picked(answers.at(0));
            const auto b = picked(answers.at(1));
            if (!a || !b) {
                m_notes.push_back("order hello not answered with an offered suite: " +
                                  refusal_or_answer(!a ? answers.at(0) : answers.at(1)));
                m_order = "n/a";
                m_phase = Phase::done;
                return;
            }
            if (*a == *b) {
                m_order = "server";
                m_server_order.push_back(*a);
                m_phase = Phase::derive;
                // Found in one chunk, the suites came in the order the server picks them from
                // one list: its order already. Deriving it again would cost n - 2 hellos
                // (each a whole SMTP session after STARTTLS, where servers count connections).
                if (m_found_in_one_chunk && *a == m_found.front()) {
                    m_server_order = m_found;
                    m_phase = Phase::done;
                }
            } else {
                m_order = *a == m_found.front() && *b == m_found.back() ? "client" : "mixed";
                m_phase = Phase::done;
            }
            return;
        }
        case Phase::derive: {
            const ExchangeResult& r = answers.at(0);
            if (accepted_at(r, m_version) && r.reply.kind == Kind::server_hello && has(m_found, r.reply.cipher_suite) &&
                !has(m_server_order, r.reply.cipher_suite)) {
                m_server_order.push_back(r.reply.cipher_suite);
            } else {
                m_notes.push_back("order hello not answered with an offered suite: " + refusal_or_answer(r));
                m_phase = Phase::done;
            }
            return;
        }
        case Phase::done: return;
        }
    }

    facts::TlsScan result() const override {
        facts::TlsScan scan;
        scan.notes = m_notes;
        if (m_version == wire::k_ssl2) {
            scan.suites = m_sslv2;
            scan.order = "n/a";
            return scan;
        }
        std::vector<uint16_t> order = m_found;
        if (m_order == "server") {
            order = m_server_order;
            for (uint16_t s : m_found)
                if (!has(order, s)) order.push_back(s);  // the last one, or what derivation missed
        }
        for (uint16_t s : order) scan.suites.push_back(suite_code(s));
        scan.order = m_order.empty() ? "n/a" : m_order;
        return scan;
    }

private:
    enum class Phase { sslv2, discover, order, derive, done };
    struct Chunk {
        std::vector<uint16_t> remaining;
        std::vector<uint16_t> found;
        bool active = true;
    };

    ClientHelloSpec hello(const std::vector<uint16_t>& suites) const { return base_hello(m_version, m_sni, suites); }

    void advance() {
        if (m_phase == Phase::discover) {
            if (m_found.size() < 2) {
                m_order = "n/a";
                m_phase = Phase::done;
            } else if (m_found.size() > k_max_suites_per_hello) {
                m_notes.push_back("more than " + std::to_string(k_max_suites_per_hello) +
                                  " suites accepted: their order was not asked");
                m_order = "n/a";
                m_phase = Phase::done;
            } else {
                m_phase = Phase::order;
            }
        } else {
            m_phase = Phase::done;
        }
    }

    uint16_t m_version;
    std::string m_sni;
    Phase m_phase = m_version == wire::k_ssl2 ? Phase::sslv2 : Phase::discover;
    std::vector<Chunk> m_chunks;
    std::vector<size_t> m_batch;
    std::vector<uint16_t> m_found;  // in discovery order, chunk by chunk
    bool m_found_in_one_chunk = false;
    std::vector<uint16_t> m_server_order;
    std::vector<facts::TlsCode> m_sslv2;
    std::string m_order;
    std::vector<std::string> m_notes;
};

// ---------------------------------------------------------------------------- groups

// TLS 1.3: offer the remaining candidates with an empty key_share, so that the server names
// the one it prefers in a HelloRetryRequest; remove it and ask again until it refuses.
// TLS <= 1.2: the same with ECDHE suites only, reading the ServerKeyExchange's curve; and
// one hello with DHE suites only for the finite-field prime.
class GroupsStrategy : public Strategy {
public:
    GroupsStrategy(uint16_t version, std::string sni) : m_version(version), m_sni(std::move(sni)) {
        m_remaining = version == wire::k_tls13 ? tls13_group_candidates() : tls12_curve_candidates();
        m_dhe_pending = version != wire::k_tls13;
    }

    std::vector<ClientHelloSpec> next() override {
        std::vector<ClientHelloSpec> batch;
        m_sent_ec = m_sent_dhe = false;
        if (m_ec_active && !m_remaining.empty()) {
            ClientHelloSpec spec = m_version == wire::k_tls13 ? base_hello(m_version, m_sni)
                                                             : base_hello(m_version, m_sni, ecdhe_suites(m_version));
            spec.supported_groups = m_remaining;
            spec.key_share_groups.clear();
            batch.push_back(std::move(spec));
            m_sent_ec = true;
        }
        if (m_dhe_pending) {
            ClientHelloSpec spec = base_hello(m_version, m_sni, dhe_suites(m_version));
            batch.push_back(std::move(spec));
            m_sent_dhe = true;
            m_dhe_pending = false;
        }
        return batch;
    }

    void answer(const std::vector<ExchangeResult>& answers) override {
        size_t at = 0;
        if (m_sent_ec) {
            const ExchangeResult& r = answers.at(at++);
            note_malformed(r, m_notes, "group hello");
            std::optional<uint16_t> chosen;
            if (accepted_at(r, m_version)) {
                if (m_version == wire::k_tls13) chosen = r.reply.selected_group;
                else if (r.reply.ske.kind == ServerReply::ServerKeyExchange::ecdhe) chosen = r.reply.ske.named_curve;
                else m_notes.push_back("ECDHE hello answered with " + wire::cipher_suite_name(r.reply.cipher_suite) +
                                       " and no ECDHE key exchange");
            } else if (is_hello(r)) {
                m_notes.push_back("group hello " + refusal_or_answer(r));
            }
            if (chosen && has(m_remaining, *chosen)) {
                m_found.push_back(*chosen);
                std::erase(m_remaining, *chosen);
            } else {
                if (chosen) m_notes.push_back("the server chose group " + wire::group_name(*chosen) + ", which was not offered");
                m_ec_active = false;
            }
        }
        if (m_sent_dhe) {
            const ExchangeResult& r = answers.at(at++);
            note_malformed(r, m_notes, "DHE hello");
            if (accepted_at(r, m_version) && r.reply.ske.kind == ServerReply::ServerKeyExchange::dhe) {
                m_dh = identify_dh_group(r.reply.ske.dh_p);
            } else if (accepted_at(r, m_version)) {
                m_notes.push_back("DHE hello answered with " + wire::cipher_suite_name(r.reply.cipher_suite) +
                                  " and no DHE key exchange");
            }
        }
    }

    facts::TlsScan result() const override {
        facts::TlsScan scan;
        for (uint16_t g : m_found) scan.groups.push_back(group_code(g));
        scan.dh = m_dh;
        scan.notes = m_notes;
        return scan;
    }

private:
    uint16_t m_version;
    std::string m_sni;
    std::vector<uint16_t> m_remaining;
    std::vector<uint16_t> m_found;
    bool m_ec_active = true;
    bool m_dhe_pending = false;
    bool m_sent_ec = false;
    bool m_sent_dhe = false;
    facts::TlsDhGroup m_dh;
    std::vector<std::string> m_notes;
};

// ---------------------------------------------------------------------------- signatures

// Offer every candidate not yet found; the server signs with the one it prefers among them
// (RFC 5246 §7.4.1.4.1: one the client offered); remove it and ask again, until the server
// refuses, signs nothing, or signs with one not offered. A scheme the server supports
// becomes its pick once those it prefers are removed, so the set is the one each scheme
// offered alone gives, in accepted + 1 hellos instead of one per candidate (each a whole
// SMTP session after STARTTLS, where servers count connections). In the candidates' order.
class SignaturesStrategy : public Strategy {
public:
    explicit SignaturesStrategy(std::string sni)
        : m_sni(std::move(sni)), m_remaining(tls12_signature_candidates()) {}

    std::vector<ClientHelloSpec> next() override {
        if (m_done || m_remaining.empty()) return {};
        std::vector<uint16_t> suites = ecdhe_suites(wire::k_tls12);
        for (uint16_t s : dhe_suites(wire::k_tls12))
            if (!contains(wire::cipher_suite_name(s), "anon")) suites.push_back(s);
        ClientHelloSpec spec = base_hello(wire::k_tls12, m_sni, suites);
        spec.signature_algorithms = m_remaining;
        return {std::move(spec)};
    }

    void answer(const std::vector<ExchangeResult>& answers) override {
        const ExchangeResult& r = answers.at(0);
        const std::string offered = std::to_string(m_remaining.size()) + " schemes";
        note_malformed(r, m_notes, "signatures hello with " + offered);
        m_done = true;
        if (!accepted_at(r, wire::k_tls12)) return;
        const auto& signed_with = r.reply.ske.signature_scheme;
        if (!signed_with) {
            m_notes.push_back("signatures hello with " + offered + ": " + wire::cipher_suite_name(r.reply.cipher_suite) +
                              " with no signed ServerKeyExchange");
            return;
        }
        ++m_signed;
        if (!has(m_remaining, *signed_with)) {
            m_notes.push_back("offered " + offered + " (not " + wire::signature_scheme_name(*signed_with) +
                              "), the server signed with " + wire::signature_scheme_name(*signed_with));
            return;
        }
        m_found.push_back(*signed_with);
        std::erase(m_remaining, *signed_with);
        m_done = false;
    }

    facts::TlsScan result() const override {
        facts::TlsScan scan;
        for (uint16_t scheme : tls12_signature_candidates())
            if (has(m_found, scheme)) scan.signature_schemes.push_back(scheme_code(scheme));
        scan.notes = m_notes;
        if (m_signed == 0)
            scan.notes.push_back("no signed ServerKeyExchange: the server accepted no ECDHE/DHE suite at TLSv1.2 "
                                 "with the signature schemes offered (static RSA only?)");
        return scan;
    }

private:
    std::string m_sni;
    std::vector<uint16_t> m_remaining;
    std::vector<uint16_t> m_found;
    bool m_done = false;
    int m_signed = 0;
    std::vector<std::string> m_notes;
};

// ---------------------------------------------------------------------------- features

class FeaturesStrategy : public Strategy {
public:
    FeaturesStrategy(uint16_t version, std::string sni, const std::optional<facts::TlsScan>& versions)
        : m_version(version), m_sni(std::move(sni)) {
        if (versions) m_versions = versions->versions;
        else m_versions_strategy = std::make_unique<VersionsStrategy>(m_sni);
    }

    std::vector<ClientHelloSpec> next() override {
        if (m_versions_strategy) {
            auto batch = m_versions_strategy->next();
            if (!batch.empty()) return batch;
            m_versions = m_versions_strategy->result().versions;
            m_versions_notes = m_versions_strategy->result().notes;
            m_versions_strategy.reset();
        }
        if (m_sent) return {};
        m_sent = true;
        std::vector<ClientHelloSpec> batch;
        ClientHelloSpec features = base_hello(m_version, m_sni);
        features.compression_methods = {1, 0};
        batch.push_back(std::move(features));
        m_fallback = fallback_version();
        if (m_fallback) {
            ClientHelloSpec fallback = base_hello(*m_fallback, m_sni);
            fallback.cipher_suites.push_back(wire::k_fallback_scsv);
            batch.push_back(std::move(fallback));
        }
        return batch;
    }

    void answer(const std::vector<ExchangeResult>& answers) override {
        if (m_versions_strategy) return m_versions_strategy->answer(answers);
        const ExchangeResult& r = answers.at(0);
        note_malformed(r, m_notes, "features hello");
        if (accepted_at(r, m_version)) {
            m_scan.secure_renegotiation = r.reply.renegotiation_info;
            m_scan.extended_master_secret = r.reply.extended_master_secret;
            m_scan.compression = r.reply.compression_method == 1;
        } else {
            m_notes.push_back(version_name(m_version) + " hello refused: " + refusal_or_answer(r));
        }
        if (!m_fallback) {
            m_scan.fallback_scsv = "n/a";
            return;
        }
        const ExchangeResult& f = answers.at(1);
        note_malformed(f, m_notes, "fallback hello");
        const std::string at = version_name(*m_fallback) + " hello with TLS_FALLBACK_SCSV";
        if (f.end == End::reply && f.reply.kind == Kind::alert && f.reply.alert_description == 86) {
            m_scan.fallback_scsv = "honoured";
        } else if (is_hello(f)) {
            m_scan.fallback_scsv = "ignored";
            m_notes.push_back(at + ": " + refusal_or_answer(f));
        } else {
            m_scan.fallback_scsv = "honoured";
            m_notes.push_back(at + " refused with " + describe_refusal(f) + " instead of inappropriate_fallback (86)");
        }
    }

    facts::TlsScan result() const override {
        facts::TlsScan scan = m_scan;
        if (scan.fallback_scsv.empty()) scan.fallback_scsv = "n/a";
        scan.notes = m_versions_notes;
        scan.notes.insert(scan.notes.end(), m_notes.begin(), m_notes.end());
        if (m_version == wire::k_ssl3) scan.notes.push_back("SSLv3 hello: no extensions offered (EMS not asked)");
        return scan;
    }

private:
    // Below the best version: the asked version when the server speaks a newer one, else
    // the next lower version it accepts; none when it speaks a single version (SSLv2 has no
    // SCSV and does not count).
    std::optional<uint16_t> fallback_version() const {
        std::vector<uint16_t> accepted;
        for (const auto& v : m_versions)
            if (v.accepted)
                if (auto wire = wire_version(v.version); wire && *wire != wire::k_ssl2) accepted.push_back(*wire);
        if (accepted.size() < 2) return std::nullopt;
        if (std::any_of(accepted.begin(), accepted.end(), [&](uint16_t v) { return v > m_version; })) return m_version;
        std::optional<uint16_t> below;
        for (uint16_t v : accepted)
            if (v < m_version && (!below || v > *below)) below = v;
        return below;
    }

    uint16_t m_version;
    std::string m_sni;
    std::vector<facts::TlsVersionSupport> m_versions;
    std::unique_ptr<VersionsStrategy> m_versions_strategy;
    std::vector<std::string> m_versions_notes;
    bool m_sent = false;
    std::optional<uint16_t> m_fallback;
    facts::TlsScan m_scan;
    std::vector<std::string> m_notes;
};

// The primes' SHA-256, computed from RFC 2409 §6.1-6.2 / RFC 3526 (2^n - 2^(n-64) - 1 +
// 2^64 * (floor(2^(n-130) pi) + k)) and checked against OpenSSL 3.0's modp_* and ffdhe*
// groups (`openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048`).
struct KnownPrime {
    const char* name;
    int bits;
    const char* sha256;
};
constexpr std::array k_known_primes = std::to_array<KnownPrime>({
    {"modp768", 768, "b52ba6a3026520a6c49d37e4587601801bee500123b3259b6bf03e7cecc3e63d"},
    {"modp1024", 1024, "3f35a3f5f6c4376a744acad409bb22f8d897f949d2311d885adaa890981b67a0"},
    {"modp1536", 1536, "64fcc83ec403930bf18393dbc883ccaa1fbb08ac876f77f7aa99748ca945019b"},
    {"modp2048", 2048, "d66436f79bbd6b2e38c0ffbd079be904d2641415e2e67140e09448be9a60890e"},
    {"modp3072", 3072, "48cf8b092fbce4359d9871abf74f98e25b6163379eaa15cd9087e800c6d1c55c"},
    {"modp4096", 4096, "4ee95187682bcb230ad26a95205f6920e84708f6251b3894329b09ec23919e33"},
    {"modp6144", 6144, "d1bfe6d0925ce7e4da262b62861514a7755e35831e429f343e7b864848657efd"},
    {"modp8192", 8192, "39ab4feab950a3128fb71accb9fc3965d857012e081998a85996e3ea8b3c3bcf"},
    {"ffdhe2048", 2048, "9cd3b7f336872f46c09428d1bbc19877a4d440512cda8d1c1cf0cd6e33698966"},
    {"ffdhe3072", 3072, "0eaf67db3a839156d5013494a5318a772b5697d270d721f37f092efc69ea5a17"},
    {"ffdhe4096", 4096, "4648414224ac881b3d0dc59b466f96d06a558278776807797ecf1f66ff397b3e"},
    {"ffdhe6144", 6144, "227ac9066b3ddd9e193670cda2388fa884f65ba0cf98b742d1fe77a6687c79c7"},
    {"ffdhe8192", 8192, "770b14efaf6f049929c523113b3fa99a8d11dab1b18af3609590122075d19833"},
});

}  // namespace

std::string sha256_hex(const std::vector<uint8_t>& data);  // dh_sha256.cpp (OpenSSL)

facts::TlsDhGroup identify_dh_group(const std::vector<uint8_t>& prime) {
    auto first = std::find_if(prime.begin(), prime.end(), [](uint8_t b) { return b != 0; });
    const std::vector<uint8_t> p(first, prime.end());
    facts::TlsDhGroup group;
    if (p.empty()) {
        group.name = "custom";
        return group;
    }
    int top = 8;
    while (top > 0 && !(p[0] & (1u << (top - 1)))) --top;
    group.bits = static_cast<int>((p.size() - 1) * 8) + top;
    group.prime_sha256 = sha256_hex(p);
    group.name = "custom";
    for (const KnownPrime& known : k_known_primes)
        if (group.prime_sha256 == known.sha256) group.name = known.name;
    return group;
}

const std::vector<ScanVersion>& scan_versions() {
    static const std::vector<ScanVersion> versions = {
        {facts::tls_version::tls1_3, wire::k_tls13}, {facts::tls_version::tls1_2, wire::k_tls12},
        {facts::tls_version::tls1_1, wire::k_tls11}, {facts::tls_version::tls1_0, wire::k_tls10},
        {facts::tls_version::ssl3, wire::k_ssl3},    {facts::tls_version::ssl2, wire::k_ssl2},
    };
    return versions;
}

std::optional<uint16_t> wire_version(const std::string& name) {
    for (const ScanVersion& v : scan_versions())
        if (name == v.name) return v.wire;
    return std::nullopt;
}

std::string version_name(uint16_t wire) {
    for (const ScanVersion& v : scan_versions())
        if (v.wire == wire) return v.name;
    return hex4(wire);
}

std::vector<uint16_t> suites_for_version(uint16_t version) {
    std::vector<uint16_t> suites;
    for (const wire::CipherSuiteInfo& info : wire::cipher_suites()) {
        if (info.id == 0x0000 || contains(info.iana_name, "SCSV")) continue;
        const bool is13 = (info.id >> 8) == 0x13;
        if (version == wire::k_tls13) {
            if (is13) suites.push_back(info.id);
            continue;
        }
        if (is13 || info.tls13) continue;
        if (version < wire::k_tls12 && tls12_only(info.iana_name)) continue;
        suites.push_back(info.id);
    }
    return suites;
}

namespace {
template <typename Wanted>
std::vector<uint16_t> suites_named(uint16_t version, Wanted wanted) {
    std::vector<uint16_t> out;
    for (uint16_t s : suites_for_version(version)) {
        const std::string name = wire::cipher_suite_name(s);
        if (!contains(name, "PSK") && wanted(name)) out.push_back(s);
    }
    return out;
}
}  // namespace

std::vector<uint16_t> ecdhe_suites(uint16_t version) {
    return suites_named(version, [](const std::string& name) { return contains(name, "_ECDHE_"); });
}

std::vector<uint16_t> dhe_suites(uint16_t version) {
    return suites_named(version,
                        [](const std::string& name) { return contains(name, "_DHE_") || contains(name, "_DH_anon_"); });
}

const std::vector<uint16_t>& tls13_group_candidates() {
    static const std::vector<uint16_t> groups = {0x11EC, 0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x11EB, 0x11ED,
                                                 0x0015, 0x001F, 0x0020, 0x0021, 0x0100, 0x0101, 0x0102, 0x0103,
                                                 0x0104};
    return groups;
}

const std::vector<uint16_t>& tls12_curve_candidates() {
    static const std::vector<uint16_t> curves = [] {
        std::vector<uint16_t> list = {0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x001A, 0x001B, 0x001C};
        for (uint16_t id = 0x0001; id <= 0x0016; ++id) list.push_back(id);
        return list;
    }();
    return curves;
}

const std::vector<uint16_t>& tls12_signature_candidates() {
    static const std::vector<uint16_t> schemes = {0x0201, 0x0203, 0x0301, 0x0303, 0x0401, 0x0403, 0x0501, 0x0503,
                                                  0x0601, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808, 0x0809,
                                                  0x080A, 0x080B, 0x0202, 0x0302, 0x0402, 0x0502, 0x0602};
    return schemes;
}

ClientHelloSpec base_hello(uint16_t version, const std::string& sni, std::vector<uint16_t> suites) {
    ClientHelloSpec spec;
    if (version == wire::k_ssl2) {
        spec.sslv2 = true;
        for (const wire::SslV2CipherKind& kind : wire::sslv2_cipher_kinds()) spec.sslv2_ciphers.push_back(kind.id);
        return spec;
    }
    spec.cipher_suites = suites.empty() ? suites_for_version(version) : std::move(suites);
    if (version == wire::k_ssl3) {
        // RFC 6101 servers may not know extensions: none, and the SCSV (RFC 5746 §3.3).
        spec.record_version = wire::k_ssl3;
        spec.legacy_version = wire::k_ssl3;
        spec.ec_point_formats = false;
        spec.renegotiation_info = false;
        spec.extended_master_secret = false;
        spec.cipher_suites.push_back(wire::k_empty_renegotiation_info_scsv);
        return spec;
    }
    spec.server_name = sni;
    if (version == wire::k_tls13) {
        spec.legacy_version = wire::k_tls12;
        spec.supported_versions = {wire::k_tls13};
        spec.supported_groups = tls13_group_candidates();
        spec.key_share_groups = {0x001D, 0x0017};
        spec.signature_algorithms = tls12_signature_candidates();
        return spec;
    }
    spec.legacy_version = version;
    spec.supported_groups = tls12_curve_candidates();
    if (version == wire::k_tls12) spec.signature_algorithms = tls12_signature_candidates();
    return spec;
}

std::string alert_name(uint8_t description) {
    switch (description) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 21: return "decryption_failed";
    case 22: return "record_overflow";
    case 30: return "decompression_failure";
    case 40: return "handshake_failure";
    case 41: return "no_certificate";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 49: return "access_denied";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 60: return "export_restriction";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 100: return "no_renegotiation";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 113: return "bad_certificate_status_response";
    case 115: return "unknown_psk_identity";
    case 116: return "certificate_required";
    case 120: return "no_application_protocol";
    default: return "alert";
    }
}

std::string describe_refusal(const ExchangeResult& r) {
    switch (r.end) {
    case End::reset: return "connection reset";
    case End::reply: break;
    default: return r.detail;
    }
    const ServerReply& reply = r.reply;
    switch (reply.kind) {
    case Kind::alert:
        if (reply.sslv2_error) return "SSLv2 ERROR " + hex4(*reply.sslv2_error);
        return "alert " + alert_name(reply.alert_description) + " (" + std::to_string(reply.alert_description) + ")";
    case Kind::closed: return "connection closed";
    case Kind::malformed: return "malformed ServerHello: " + reply.malformed_reason;
    case Kind::server_hello:
    case Kind::hello_retry_request: return "answered " + version_name(reply.version);
    case Kind::sslv2_server_hello: return "answered SSLv2";
    }
    return "?";
}

std::optional<facts::ProbeError> transport_error(const ExchangeResult& r, bool resets_refuse, int answered) {
    const std::string after = " (hello " + std::to_string(answered + 1) + ", after " + std::to_string(answered) +
                              " answered)";
    switch (r.end) {
    case End::reply: return std::nullopt;
    case End::reset:
        if (resets_refuse) return std::nullopt;
        return facts::ProbeError{facts::probe_error::connection_reset, "connection reset" + after};
    case End::connect_refused: return facts::ProbeError{facts::probe_error::connection_refused, r.detail + after};
    case End::connect_timeout:
    case End::timeout: return facts::ProbeError{facts::probe_error::timeout, r.detail + after};
    case End::io_error: return facts::ProbeError{facts::probe_error::unreachable, r.detail + after};
    }
    return facts::ProbeError{facts::probe_error::internal, "unknown exchange end"};
}

MadeStrategy make_strategy(const facts::TlsScanRequest& request, const std::optional<facts::TlsScan>& versions) {
    namespace aspect = facts::tls_scan_aspect;
    auto fail = [](std::string why) {
        return MadeStrategy{nullptr, facts::ProbeError{facts::probe_error::client_unsupported, std::move(why)}};
    };
    if (!request.starttls.empty() && request.starttls != k_starttls_smtp)
        return fail("unknown starttls protocol '" + request.starttls + "'");
    if (request.aspect == aspect::versions) {
        if (!request.version.empty()) return fail("the versions aspect is asked without a version");
        return {std::make_unique<VersionsStrategy>(request.sni), std::nullopt};
    }
    const auto version = wire_version(request.version);
    if (!version) return fail("unknown TLS version '" + request.version + "'");
    if (request.aspect == aspect::ciphers) return {std::make_unique<CiphersStrategy>(*version, request.sni), std::nullopt};
    if (request.aspect == aspect::groups) {
        if (*version == wire::k_ssl2) return fail("SSLv2 has no key-exchange groups");
        return {std::make_unique<GroupsStrategy>(*version, request.sni), std::nullopt};
    }
    if (request.aspect == aspect::signatures) {
        if (*version != wire::k_tls12) return fail("signature schemes are asked at TLSv1.2 only");
        return {std::make_unique<SignaturesStrategy>(request.sni), std::nullopt};
    }
    if (request.aspect == aspect::features) {
        if (*version == wire::k_ssl2 || *version == wire::k_tls13)
            return fail("features are asked at SSLv3 to TLSv1.2");
        return {std::make_unique<FeaturesStrategy>(*version, request.sni, versions), std::nullopt};
    }
    return fail("unknown tls-scan aspect '" + request.aspect + "'");
}

facts::Observed<facts::TlsScan> run_scripted(Strategy& strategy, const ScriptedServer& server) {
    int sent = 0;
    for (int rounds = 0; rounds < 10000; ++rounds) {
        const std::vector<ClientHelloSpec> batch = strategy.next();
        if (batch.empty()) {
            facts::TlsScan scan = strategy.result();
            scan.handshakes = sent;
            return scan;
        }
        std::vector<ExchangeResult> answers;
        for (const ClientHelloSpec& spec : batch) {
            answers.push_back(server(spec));
            if (auto error = transport_error(answers.back(), strategy.resets_refuse(), sent)) return *error;
            ++sent;
        }
        strategy.answer(answers);
    }
    return facts::ProbeError{facts::probe_error::internal, "the scan strategy did not finish"};
}

}  // namespace osescan::engine::tls::scan
