#include "engine/rpki/route_source.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "facts/iso_time.hpp"
#include "engine/rpki/rtr_loader.hpp"
#include "engine/rpki/vrp_cache.hpp"
#include "engine/rpki/vrp_download.hpp"

namespace osescan::engine::rpki {

namespace {

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool is_url(const std::string& source) { return source.starts_with("http://") || source.starts_with("https://"); }

struct LoadedVrps {
    std::unique_ptr<VrpTable> table;
    std::optional<int64_t> generated;
};

// Throws VrpJsonError (a std::runtime_error) naming what is wrong.
LoadedVrps load_json(std::string_view text) {
    std::vector<VrpEntry> entries;
    entries.reserve(text.size() / 64);  // an rpki-client entry is 70-110 bytes
    const VrpFileInfo info = parse_vrp_json(text, [&](const VrpEntry& entry) { entries.push_back(entry); });
    // RTRlib's trie takes VRPs two to three times faster in address order (each descent
    // follows the previous one through warm cache lines), and not every export is sorted.
    std::sort(entries.begin(), entries.end(), [](const VrpEntry& a, const VrpEntry& b) {
        return std::tie(a.prefix.address.v6, a.prefix.address.bytes, a.prefix.length, a.max_length, a.asn) <
               std::tie(b.prefix.address.v6, b.prefix.address.bytes, b.prefix.length, b.max_length, b.asn);
    });
    LoadedVrps out;
    out.table = std::make_unique<VrpTable>();
    for (const VrpEntry& entry : entries) out.table->add(entry);
    out.generated = info.generated;
    return out;
}

// How old the data is: from the file's own generation time when it states one (a fresh
// copy of an old export is still old), else from when the file was written.
struct Age {
    int64_t seconds = 0;
    bool stale = false;
};
Age data_age(const RpkiSettings& settings, std::optional<int64_t> generated, int64_t written, int64_t now) {
    const int64_t since = generated && *generated <= now + 300 ? *generated : written;
    Age age;
    age.seconds = std::max<int64_t>(0, now - since);
    age.stale = settings.max_age.count() > 0 && age.seconds > settings.max_age.count();
    return age;
}

nlohmann::json base_status(const char* kind, const std::string& location, const RpkiSettings& settings,
                           const VrpTable& table) {
    return nlohmann::json{{"kind", kind},
                          {"location", location},
                          {"vrps", table.size()},
                          {"max_age_seconds", settings.max_age.count()},
                          {"age_seconds", nullptr},
                          {"stale", false}};
}

void set_age(nlohmann::json& status, const Age& age, std::optional<int64_t> generated) {
    status["age_seconds"] = age.seconds;
    status["stale"] = age.stale;
    if (generated) status["generated"] = facts::iso8601_utc(*generated);
}

std::unique_ptr<RpkiRouteProber> from_file(EventLoop& loop, const RpkiSettings& settings) {
    const auto file = FileContents::read(settings.vrps, settings.max_bytes);
    if (!file)
        throw std::runtime_error("VRP file " + settings.vrps + ": cannot read it (missing, not a regular file, or larger than " +
                                 std::to_string(settings.max_bytes) + " bytes)");
    LoadedVrps loaded;
    try {
        loaded = load_json(file->text());
    } catch (const std::runtime_error& e) {
        throw std::runtime_error("VRP file " + settings.vrps + ": " + e.what());
    }
    nlohmann::json status = base_status("file", settings.vrps, settings, *loaded.table);
    set_age(status, data_age(settings, loaded.generated, file->modified(), unix_now()), loaded.generated);
    return std::make_unique<RpkiRouteProber>(loop, std::move(loaded.table), std::move(status));
}

std::unique_ptr<RpkiRouteProber> from_url(EventLoop& loop, const RpkiSettings& settings) {
    const std::string& url = settings.vrps;
    const std::string dir = settings.cache_dir.empty() ? default_cache_dir() : settings.cache_dir;
    const std::string cache_file = dir.empty() ? std::string() : cache_file_for(dir, url);
    const int64_t now = unix_now();

    // 1. A young enough cached copy is used without touching the network. Young means its
    //    data: the file's own generation time when it states one (a cache refreshed an hour
    //    ago from an export that stopped a week ago is a week old), else when we wrote it.
    //    Data older than max_age is fetched again, but not within min_refetch_interval of the
    //    last download (the export itself is behind; it is then reported stale).
    std::optional<FileContents> cached;
    if (!cache_file.empty()) cached = FileContents::read(cache_file, settings.max_bytes);
    std::string cache_problem;
    if (cached) {
        try {
            LoadedVrps loaded = load_json(cached->text());
            const Age age = data_age(settings, loaded.generated, cached->modified(), now);
            const bool just_fetched = now - cached->modified() < settings.min_refetch_interval.count();
            if (!age.stale || just_fetched) {
                nlohmann::json status = base_status("url", url, settings, *loaded.table);
                set_age(status, age, loaded.generated);
                status["cache_file"] = cache_file;
                status["downloaded"] = false;
                if (age.stale)
                    status["note"] = "the source's own data is old; fetched again at most every " +
                                     std::to_string(settings.min_refetch_interval.count() / 60) + " min";
                return std::make_unique<RpkiRouteProber>(loop, std::move(loaded.table), std::move(status));
            }
        } catch (const std::runtime_error& e) {
            cache_problem = std::string("cached copy unusable: ") + e.what();
            cached.reset();
        }
    }

    // 2. Download, check, then replace the cache (never with a file that does not parse).
    std::string failure;
    try {
        DownloadLimits limits;
        limits.connect_timeout = settings.timeout;
        limits.total_timeout = settings.download_timeout;
        limits.max_bytes = settings.max_bytes;
        const std::string body = download(url, limits);
        LoadedVrps loaded;
        try {
            loaded = load_json(body);
        } catch (const std::runtime_error& e) {
            throw std::runtime_error("VRP download " + url + ": " + e.what());
        }
        nlohmann::json status = base_status("url", url, settings, *loaded.table);
        set_age(status, data_age(settings, loaded.generated, now, now), loaded.generated);
        status["downloaded"] = true;
        if (!cache_file.empty()) {
            try {
                write_file_atomically(dir, cache_file, body);
                status["cache_file"] = cache_file;
            } catch (const std::runtime_error& e) {
                status["note"] = std::string("not cached: ") + e.what();
            }
        }
        if (!cache_problem.empty()) status["note"] = cache_problem;
        return std::make_unique<RpkiRouteProber>(loop, std::move(loaded.table), std::move(status));
    } catch (const std::runtime_error& e) {
        failure = e.what();
    }

    // 3. The download failed: an old cached copy is better than nothing, reported stale.
    if (cached) {
        try {
            LoadedVrps loaded = load_json(cached->text());
            nlohmann::json status = base_status("url", url, settings, *loaded.table);
            set_age(status, data_age(settings, loaded.generated, cached->modified(), now), loaded.generated);
            status["stale"] = true;  // older than max_age (else step 1 had used it)
            status["cache_file"] = cache_file;
            status["downloaded"] = false;
            status["note"] = "download failed, using the cached copy: " + failure;
            return std::make_unique<RpkiRouteProber>(loop, std::move(loaded.table), std::move(status));
        } catch (const std::runtime_error& e) {
            failure += std::string("; cached copy unusable: ") + e.what();
        }
    }
    if (!cache_problem.empty()) failure += "; " + cache_problem;
    throw std::runtime_error(failure + (cache_file.empty() ? "" : " (no usable cached copy in " + cache_file + ")"));
}

std::unique_ptr<RpkiRouteProber> from_rtr(EventLoop& loop, const RpkiSettings& settings) {
    const auto endpoint = parse_rtr_endpoint(settings.rtr);
    if (!endpoint)
        throw std::runtime_error("RTR server \"" + settings.rtr + "\": expected HOST:PORT or [IPv6]:PORT");
    auto table = std::make_unique<VrpTable>();
    load_from_rtr(*endpoint, settings.timeout, *table);
    nlohmann::json status = base_status("rtr", endpoint->text(), settings, *table);
    // Synchronised just now from a cache that keeps itself current (RFC 8210 §5).
    set_age(status, Age{0, false}, std::nullopt);
    return std::make_unique<RpkiRouteProber>(loop, std::move(table), std::move(status));
}

}  // namespace

RpkiRouteProber::RpkiRouteProber(EventLoop& loop, std::unique_ptr<VrpTable> table, nlohmann::json status)
    : m_loop(loop), m_table(std::move(table)), m_status(std::move(status)) {}

Cancel RpkiRouteProber::validate(const facts::RouteRequest& request,
                                 std::function<void(facts::Observed<facts::RouteValidity>)> done) {
    // Answered from memory, but `done` must run from the loop, never inside validate().
    auto cancelled = std::make_shared<bool>(false);
    m_loop.post([cancelled, done = std::move(done), result = m_table->validate(request)]() mutable {
        if (!*cancelled) done(std::move(result));
    });
    return [cancelled] { *cancelled = true; };
}

std::unique_ptr<RpkiRouteProber> make_route_prober(EventLoop& loop, const RpkiSettings& settings) {
    if (!settings.vrps.empty() && !settings.rtr.empty())
        throw std::runtime_error("choose one VRP source: --rpki-vrps or --rpki-rtr, not both");
    if (!settings.rtr.empty()) return from_rtr(loop, settings);
    if (settings.vrps.empty()) return nullptr;
    return is_url(settings.vrps) ? from_url(loop, settings) : from_file(loop, settings);
}

RouteSource open_route_source(EventLoop& loop, const RpkiSettings& settings) {
    RouteSource out;
    if (settings.off) {
        out.status = {{"kind", "none"}, {"reason", "the RPKI checks were turned off (--rpki-source none)"}};
        return out;
    }
    if (!settings.builtin_default) {
        out.prober = make_route_prober(loop, settings);
        if (out.prober) out.status = out.prober->source_status();
        return out;
    }
    try {
        out.prober = make_route_prober(loop, settings);
        out.status = out.prober->source_status();
        out.status["default"] = true;
    } catch (const std::runtime_error& e) {
        // Offline with no cached copy (or the export is broken): one reason, said once by the
        // CLI and by every RPKI check, never a scan that fails over a source nobody chose.
        const std::string reason =
            std::string("the default VRP source could not be loaded (") + e.what() + "); " + k_how_to_give_vrps;
        out.status = {{"kind", "unavailable"}, {"location", settings.vrps}, {"default", true}, {"reason", reason}};
        out.notice = "RPKI checks skipped: " + reason;
    }
    return out;
}

}  // namespace osescan::engine::rpki
