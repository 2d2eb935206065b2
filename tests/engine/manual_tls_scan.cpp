// A hand-run driver, skipped by default: every aspect of the TLS handshake scan of one
// address, as the tls / mail.tls checks ask them (versions; ciphers per accepted version;
// groups at TLS 1.3 and 1.2; signatures; features at the best version below 1.3), with the
// handshakes and wall time of each fact. For measuring a server, e.g. the demo world's MX
// hosts over STARTTLS:
//
//   export OSESCAN_MANUAL_SCAN=198.51.100.6,25,mx1.mail.example,smtp
//   examples/world/run build/tests/osescan_engine_tests -tc='manual*' --no-skip
//
// (address, port, SNI, starttls: "" or "smtp"; OSESCAN_MANUAL_SCAN_CONNECTIONS sets the
// connection cap, default 2.)

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/scan/wire_tls_scan_prober.hpp"

using osescan::engine::EventLoop;
using osescan::engine::ProbeSettings;
using osescan::engine::tls::scan::WireTlsScanProber;
using osescan::facts::Observed;
using osescan::facts::TlsScan;
using osescan::facts::TlsScanRequest;

TEST_CASE("manual: every aspect of a TLS handshake scan of $OSESCAN_MANUAL_SCAN" * doctest::skip()) {
    const char* target = std::getenv("OSESCAN_MANUAL_SCAN");
    REQUIRE_MESSAGE(target, "set OSESCAN_MANUAL_SCAN=address,port,sni,starttls");
    std::vector<std::string> parts;
    std::stringstream in(target);
    for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
    parts.resize(4);
    const char* cap = std::getenv("OSESCAN_MANUAL_SCAN_CONNECTIONS");

    EventLoop loop;
    ProbeSettings settings;
    settings.smtp_per_host = settings.tls_scan_per_address = cap ? std::stoul(cap) : 2;
    WireTlsScanProber prober(loop, settings);
    int total = 0;
    const auto all_started = std::chrono::steady_clock::now();
    auto run = [&](const std::string& aspect, const std::string& version) {
        std::optional<Observed<TlsScan>> result;
        const auto started = std::chrono::steady_clock::now();
        prober.scan(TlsScanRequest{parts[0], static_cast<uint16_t>(std::stoi(parts[1])), parts[2], aspect, version,
                                   parts[3]},
                    [&](Observed<TlsScan> r) { result = std::move(r); });
        loop.run_until([&] { return result.has_value(); });
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        std::cout << aspect << " " << version << ": ";
        if (!result->ok()) {
            std::cout << "ERROR " << result->error().kind << ": " << result->error().detail << " (" << ms << " ms)\n";
            return *result;
        }
        const TlsScan& s = result->value();
        total += s.handshakes;
        for (const auto& v : s.versions) std::cout << v.version << (v.accepted ? "+ " : "- ");
        for (const auto& c : s.suites) std::cout << c.name << " ";
        if (!s.suites.empty()) std::cout << "(" << s.suites.size() << " suites, order " << s.order << ") ";
        for (const auto& g : s.groups) std::cout << g.name << " ";
        if (s.dh.bits) std::cout << "DH " << s.dh.name << " ";
        for (const auto& g : s.signature_schemes) std::cout << g.name << " ";
        if (aspect == "features")
            std::cout << "reneg=" << s.secure_renegotiation << " ems=" << s.extended_master_secret
                      << " compression=" << s.compression << " fallback_scsv=" << s.fallback_scsv << " ";
        std::cout << "| " << s.handshakes << " handshakes, " << ms << " ms\n";
        return *result;
    };
    const auto versions = run("versions", "");
    REQUIRE(versions.ok());
    std::string below13;
    for (const auto& v : versions.value().versions) {
        if (!v.accepted) continue;
        run("ciphers", v.version);
        if (v.version != "TLSv1.3" && v.version != "SSLv2" && below13.empty()) below13 = v.version;
    }
    for (const auto& v : versions.value().versions)
        if (v.accepted && (v.version == "TLSv1.3" || v.version == "TLSv1.2")) run("groups", v.version);
    if (below13 == "TLSv1.2") run("signatures", "TLSv1.2");
    if (!below13.empty()) run("features", below13);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - all_started).count();
    std::cout << "total: " << total << " handshakes, " << ms << " ms\n";
}
