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
    else throw std::runtime_error("unknown request kind '" + kind + "'");
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

Observation observation_from_json(const nlohmann::json& j) {
    Observation obs;
    obs.request = j.at("request").get<Request>();
    obs.duration_ms = j.value("duration_ms", 0.0);
    const std::string kind = request_kind(obs.request);
    if (kind == "dns") obs.result = observed_from_json<DnsAnswer>(j);
    else if (kind == "tls") obs.result = observed_from_json<TlsHandshake>(j);
    else if (kind == "http") obs.result = observed_from_json<HttpResponse>(j);
    else if (kind == "tls-scan") obs.result = observed_from_json<TlsScan>(j);
    else obs.result = observed_from_json<RouteValidity>(j);
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

FactsFile facts_file_from_json(const nlohmann::json& j) {
    try {
        if (j.value("schema", "") != k_facts_schema)
            throw std::runtime_error(std::string("not an osescan facts file (expected \"schema\": \"") +
                                     k_facts_schema + "\")");
        FactsFile file;
        file.context = j.at("context").get<ScanContext>();
        for (const nlohmann::json& t : j.at("targets")) {
            TargetFactsRecord rec;
            rec.target = t.at("target").get<Target>();
            for (const nlohmann::json& o : t.at("observations")) rec.store.put(observation_from_json(o));
            file.targets.push_back(std::move(rec));
        }
        return file;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("malformed facts file: ") + e.what());
    }
}

}  // namespace osescan::facts
