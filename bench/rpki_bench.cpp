// RPKI VRP loading and validation benchmark: generates a synthetic VRP file the size of
// the public RPKI (~500,000 VRPs, rpki-client's JSON layout, IPv4 and IPv6), loads it
// through the production path (make_route_prober with a file), and prints load time,
// validations per second and peak memory. Usage:
//   rpki_bench [--vrps N] [--lookups N] [--file PATH] [--keep] [--compare-dom]
// --compare-dom also times nlohmann::json's DOM parser on the same text, for reference.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <algorithm>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/loop/event_loop.hpp"
#include "engine/rpki/route_source.hpp"

using namespace osescan;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds of this process (user + system): unlike wall time, barely affected by other
// processes competing for the machine.
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // KiB on Linux
}

struct Generated {
    std::vector<facts::RouteRequest> routes;  // routes to validate: covered and not
    size_t bytes = 0;
};

// Deterministic (fixed seed) VRPs shaped like the public set: 80 % IPv4, mostly /24
// (then /22-/23, /19-/21, a few /16-/18); 20 % IPv6, mostly /48 (then /32, /29-/31,
// /33-/47); maxLength = length for two thirds, up to 4 more otherwise; ASNs from both the
// 16-bit and the 32-bit ranges. Lookups: a third exact routes of generated VRPs (valid),
// a third the same with another origin AS (invalid), a third random /24s (mostly
// not-found).
Generated generate(const std::string& path, size_t count, size_t lookups) {
    std::mt19937_64 random(20260101);
    std::ofstream out(path, std::ios::binary);
    out << "{\n\t\"metadata\": {\n\t\t\"buildmachine\": \"bench.example\",\n\t\t\"buildtime\": "
           "\"2026-01-01T00:00:00Z\",\n\t\t\"generated\": "
        << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()
        << ",\n\t\t\"roas\": " << count << "\n\t},\n\t\"roas\": [\n";
    Generated generated;
    const char* tas[] = {"afrinic", "apnic", "arin", "lacnic", "ripe"};
    char line[256];
    auto pick = [&](std::initializer_list<std::pair<int, int>> weighted_lengths) {
        int total = 0;
        for (const auto& [weight, length] : weighted_lengths) total += weight;
        int roll = static_cast<int>(random() % static_cast<uint64_t>(total));
        for (const auto& [weight, length] : weighted_lengths) {
            if (roll < weight) return length;
            roll -= weight;
        }
        return weighted_lengths.begin()->second;
    };
    for (size_t i = 0; i < count; ++i) {
        const bool v6 = random() % 100 < 20;
        const uint32_t asn = random() % 2 ? 1 + static_cast<uint32_t>(random() % 64000)
                                          : 131072 + static_cast<uint32_t>(random() % 300000);
        int length;
        std::string prefix;
        if (!v6) {
            length = pick({{60, 24}, {8, 23}, {10, 22}, {4, 21}, {4, 20}, {4, 19}, {2, 18}, {2, 17}, {2, 16}});
            // 1.0.0.0 - 223.255.255.255, host bits zero.
            const uint32_t address = ((1u << 24) + static_cast<uint32_t>(random() % (222u << 24))) & (~0u << (32 - length));
            snprintf(line, sizeof line, "%u.%u.%u.%u/%d", address >> 24, (address >> 16) & 255, (address >> 8) & 255,
                     address & 255, length);
        } else {
            length = pick({{50, 48}, {20, 32}, {5, 29}, {5, 31}, {10, 40}, {10, 44}});
            uint64_t high = (uint64_t{0x2} << 60) | (random() & ((uint64_t{1} << 60) - 1));  // 2000::/3
            high &= ~uint64_t{0} << (64 - length);
            snprintf(line, sizeof line, "%x:%x:%x:%x::/%d", static_cast<unsigned>(high >> 48),
                     static_cast<unsigned>((high >> 32) & 0xffff), static_cast<unsigned>((high >> 16) & 0xffff),
                     static_cast<unsigned>(high & 0xffff), length);
        }
        prefix = line;
        if (generated.routes.size() < 2 * lookups / 3 && random() % 2)
            generated.routes.push_back({prefix, generated.routes.size() % 2 ? asn : asn + 1});
        const int max_length = length + (random() % 3 == 0 ? static_cast<int>(random() % 5) : 0);
        snprintf(line, sizeof line,
                 "\t\t{ \"asn\": \"AS%u\", \"prefix\": \"%s\", \"maxLength\": %d, \"ta\": \"%s\", \"expires\": %u }%s\n",
                 asn, prefix.c_str(), std::min(max_length, v6 ? 128 : 32), tas[random() % 5],
                 1767225600u + static_cast<unsigned>(random() % 864000), i + 1 < count ? "," : "");
        out << line;
    }
    out << "\t],\n\t\"aspas\": [],\n\t\"bgpsec_keys\": []\n}\n";
    generated.bytes = static_cast<size_t>(out.tellp());
    while (generated.routes.size() < lookups) {
        snprintf(line, sizeof line, "%u.%u.%u.0/24", 1 + static_cast<unsigned>(random() % 223),
                 static_cast<unsigned>(random() % 256), static_cast<unsigned>(random() % 256));
        generated.routes.push_back({line, 64500});
    }
    std::shuffle(generated.routes.begin(), generated.routes.end(), random);
    return generated;
}

}  // namespace

int main(int argc, char** argv) {
    size_t vrps = 500000;
    size_t lookups = 200000;
    std::string file;
    bool keep = false;
    bool compare_dom = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--vrps" && i + 1 < argc) vrps = std::strtoul(argv[++i], nullptr, 10);
        else if (arg == "--lookups" && i + 1 < argc) lookups = std::strtoul(argv[++i], nullptr, 10);
        else if (arg == "--file" && i + 1 < argc) file = argv[++i];
        else if (arg == "--keep") keep = true;
        else if (arg == "--compare-dom") compare_dom = true;
        else {
            std::fprintf(stderr, "usage: %s [--vrps N] [--lookups N] [--file PATH] [--keep] [--compare-dom]\n", argv[0]);
            return 2;
        }
    }
    if (file.empty()) file = "/tmp/osescan-rpki-bench-" + std::to_string(getpid()) + ".json";

    auto start = Clock::now();
    const Generated generated = generate(file, vrps, lookups);
    std::printf("generated      %zu VRPs, %.1f MB of JSON in %.2f s (%s)\n", vrps, generated.bytes / 1e6,
                seconds_since(start), file.c_str());
    const long rss_before = peak_rss_kib();

    engine::EventLoop loop;
    engine::rpki::RpkiSettings settings;
    settings.vrps = file;
    start = Clock::now();
    double cpu_start = cpu_seconds();
    const auto prober = engine::rpki::make_route_prober(loop, settings);
    const double load_seconds = seconds_since(start);
    const double load_cpu = cpu_seconds() - cpu_start;
    const long rss_loaded = peak_rss_kib();
    std::printf("load           %.3f s wall, %.3f s CPU  (read + parse + sort + RTRlib table; %zu unique VRPs)\n",
                load_seconds, load_cpu, static_cast<size_t>(prober->source_status()["vrps"].get<size_t>()));

    size_t states[3] = {0, 0, 0};
    size_t covering = 0;
    start = Clock::now();
    cpu_start = cpu_seconds();
    for (const facts::RouteRequest& route : generated.routes) {
        const auto result = prober->table().validate(route);
        if (!result.ok()) continue;
        const std::string& state = result.value().state;
        ++states[state == "valid" ? 0 : state == "invalid" ? 1 : 2];
        covering += result.value().covering.size();
    }
    const double lookup_seconds = seconds_since(start);
    const double lookup_cpu = cpu_seconds() - cpu_start;
    std::printf("validations    %zu in %.3f s wall = %.0f per second (%.0f per CPU second); valid %zu, invalid %zu, "
                "not-found %zu; %.2f covering VRPs each\n",
                generated.routes.size(), lookup_seconds, generated.routes.size() / lookup_seconds,
                generated.routes.size() / lookup_cpu, states[0], states[1], states[2],
                generated.routes.empty() ? 0.0 : double(covering) / generated.routes.size());
    std::printf("peak memory    %.1f MB after generating, %.1f MB after loading (+%.1f MB)\n", rss_before / 1024.0,
                rss_loaded / 1024.0, (rss_loaded - rss_before) / 1024.0);

    if (compare_dom) {
        std::ifstream in(file, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        start = Clock::now();
        cpu_start = cpu_seconds();
        const auto dom = nlohmann::json::parse(text);
        std::printf("reference      nlohmann::json DOM parse alone: %.3f s wall, %.3f s CPU (%zu roas)\n",
                    seconds_since(start), cpu_seconds() - cpu_start, dom["roas"].size());
    }
    if (!keep) std::remove(file.c_str());
    return 0;
}
