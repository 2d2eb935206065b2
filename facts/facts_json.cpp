#include "facts/facts_json.hpp"

#include <stdexcept>

namespace osescan::facts {

void to_json(nlohmann::json& j, const Target& v) {
    j = nlohmann::json{{"input", v.input}, {"host", v.host}, {"is_ip", v.is_ip},
                       {"port", v.port},   {"path", v.path}};
}
void from_json(const nlohmann::json& j, Target& v) {
    v.input = j.value("input", "");
    v.host = j.at("host").get<std::string>();
    v.is_ip = j.value("is_ip", false);
    v.port = j.value("port", uint16_t{443});
    v.path = j.value("path", "/");
}

void to_json(nlohmann::json& j, const ScanContext& v) {
    j = nlohmann::json{{"now", v.now}, {"settings", v.settings}};
}
void from_json(const nlohmann::json& j, ScanContext& v) {
    v.now = j.at("now").get<int64_t>();
    v.settings = j.value("settings", nlohmann::json::object());
}

void to_json(nlohmann::json& j, const Request& v) {
    std::visit([&](const auto& r) { j = r; }, v);
    j["kind"] = request_kind(v);
}
void from_json(const nlohmann::json& j, Request& v) {
    const std::string kind = j.at("kind").get<std::string>();
    if (kind == "dns") v = j.get<DnsRequest>();
    else if (kind == "tls") v = j.get<TlsRequest>();
    else if (kind == "http") v = j.get<HttpRequest>();
    else if (kind == "route") v = j.get<RouteRequest>();
    else if (kind == "tls-scan") v = j.get<TlsScanRequest>();
    else if (kind == "nts") v = j.get<NtsRequest>();
    else if (kind == "ntp") v = j.get<NtpRequest>();
    else if (kind == "tls-behaviour") v = j.get<TlsBehaviourRequest>();
    else if (kind == "revocation") v = j.get<RevocationRequest>();
    else if (kind == "smtp") v = j.get<SmtpRequest>();
    else throw UnknownFactKind(kind);
}

namespace {
template <class T>
void observed_to_json(nlohmann::json& j, const Observed<T>& o) {
    if (o.ok()) j["value"] = o.value();
    else j["error"] = o.error();
}
template <class T>
Observed<T> observed_from_json(const nlohmann::json& j) {
    if (j.contains("error")) return j.at("error").get<ProbeError>();
    return j.at("value").get<T>();
}
}  // namespace

void to_json(nlohmann::json& j, const Observation& v) {
    j = nlohmann::json::object();
    j["request"] = v.request;
    j["duration_ms"] = v.duration_ms;
    std::visit([&](const auto& o) { observed_to_json(j, o); }, v.result);
}

namespace {
// The result type of each request type: a new kind of request does not compile until it
// has one here (there is no default).
struct ResultFromJson {
    const nlohmann::json& j;
    Result operator()(const DnsRequest&) const { return observed_from_json<DnsAnswer>(j); }
    Result operator()(const TlsRequest&) const { return observed_from_json<TlsHandshake>(j); }
    Result operator()(const HttpRequest&) const { return observed_from_json<HttpResponse>(j); }
    Result operator()(const RouteRequest&) const { return observed_from_json<RouteValidity>(j); }
    Result operator()(const TlsScanRequest&) const { return observed_from_json<TlsScan>(j); }
    Result operator()(const NtsRequest&) const { return observed_from_json<NtsExchange>(j); }
    Result operator()(const NtpRequest&) const { return observed_from_json<NtpExchange>(j); }
    Result operator()(const TlsBehaviourRequest&) const { return observed_from_json<TlsBehaviour>(j); }
    Result operator()(const RevocationRequest&) const { return observed_from_json<RevocationAnswer>(j); }
    Result operator()(const SmtpRequest&) const { return observed_from_json<SmtpSession>(j); }
};

std::string clipped(const std::string& text) {
    constexpr size_t k_max = 64;  // untrusted, and maybe long
    return text.size() <= k_max ? text : text.substr(0, k_max) + "...";
}
}  // namespace

UnknownFactKind::UnknownFactKind(const std::string& kind)
    : std::runtime_error("unknown kind \"" + clipped(kind) + "\" (known: dns, tls, http, route, tls-scan, nts, ntp, tls-behaviour, revocation, smtp)") {}

Observation observation_from_json(const nlohmann::json& j) {
    Observation obs;
    obs.request = j.at("request").get<Request>();
    obs.duration_ms = j.value("duration_ms", 0.0);
    obs.result = std::visit(ResultFromJson{j}, obs.request);
    return obs;
}

nlohmann::json facts_file_to_json(const FactsFile& file) {
    nlohmann::json j;
    j["schema"] = k_facts_schema;
    j["context"] = file.context;
    j["targets"] = nlohmann::json::array();
    for (const TargetFactsRecord& t : file.targets) {
        nlohmann::json obs = nlohmann::json::array();
        for (const auto& [key, o] : t.store.all()) obs.push_back(o);
        j["targets"].push_back({{"target", t.target}, {"observations", obs}});
    }
    return j;
}

namespace {
// Runs `read`; a failure is rethrown naming where in the file it happened ("target 3, fact
// 17"): an unknown kind says so, anything else is "malformed facts file".
template <class Read>
auto at_position(const std::string& where, Read&& read) {
    const std::string prefix = where.empty() ? "" : where + ": ";
    try {
        return read();
    } catch (const UnknownFactKind& e) {
        throw std::runtime_error(prefix + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error("malformed facts file: " + prefix + e.what());
    }
}

const nlohmann::json& array_member(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_array())
        throw std::runtime_error("malformed facts file: " + (where.empty() ? "" : where + ": ") + "no \"" + key +
                                 "\" array");
    return j[key];
}
}  // namespace

FactsFile facts_file_from_json(const nlohmann::json& j) {
    if (!j.is_object() || j.value("schema", "") != k_facts_schema)
        throw std::runtime_error(std::string("not an osescan facts file (expected \"schema\": \"") + k_facts_schema +
                                 "\")");
    FactsFile file;
    file.context = at_position("", [&] { return j.at("context").get<ScanContext>(); });
    const nlohmann::json& targets = array_member(j, "targets", "");
    for (size_t t = 0; t < targets.size(); ++t) {
        const std::string where = "target " + std::to_string(t);
        TargetFactsRecord record;
        record.target = at_position(where, [&] { return targets[t].at("target").get<Target>(); });
        const nlohmann::json& observations = array_member(targets[t], "observations", where);
        for (size_t o = 0; o < observations.size(); ++o)
            record.store.put(
                at_position(where + ", fact " + std::to_string(o), [&] { return observation_from_json(observations[o]); }));
        file.targets.push_back(std::move(record));
    }
    return file;
}

}  // namespace osescan::facts
