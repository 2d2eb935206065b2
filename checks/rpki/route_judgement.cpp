#include "checks/rpki/route_judgement.hpp"

#include <algorithm>
#include <optional>

#include "checks/common/findings.hpp"
#include "checks/rpki/route_origins.hpp"
#include "checks/rpki/settings.hpp"
#include "facts/facts_json.hpp"

namespace osescan::checks::rpki {

namespace {

std::string check_id(const Role& role, Aspect aspect) {
    return "rpki." + std::string(role.name) + (aspect == Aspect::valid ? ".valid" : ".roa_exists");
}

std::string route_text(const facts::RouteRequest& route) {
    return route.prefix + " from AS" + std::to_string(route.origin_asn);
}

std::string as_list(const std::vector<uint32_t>& asns) {
    std::string out;
    for (uint32_t asn : asns) out += (out.empty() ? "AS" : ", AS") + std::to_string(asn);
    return out;
}

// ---------------------------------------------------------------- VRP source status

// A string member of a recorded status ("" when absent or not a string: facts files are input).
std::string text_field(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct VrpSource {
    nlohmann::json status;  // null when the scan recorded none
    bool stale = false;
    std::string age;        // " (N h old)" when stale and known, for summaries
};

VrpSource vrp_source(const facts::TargetFacts& facts) {
    VrpSource out;
    out.status = facts.context().setting<nlohmann::json>(k_vrp_source_setting, nlohmann::json());
    if (!out.status.is_object()) {
        out.status = nullptr;
        return out;
    }
    const auto stale = out.status.find("stale");
    out.stale = stale != out.status.end() && stale->is_boolean() && stale->get<bool>();
    if (out.stale) {
        const auto age = out.status.find("age_seconds");
        if (age != out.status.end() && age->is_number_integer())
            out.age = " (" + std::to_string(age->get<int64_t>() / 3600) + " h old)";
    }
    return out;
}

// ---------------------------------------------------------------- one route

// The outcome one route leads to and the values of its text (the words are the check's
// outcome table, rpki_checks.cpp); the status orders the routes of an address.
struct RouteVerdict {
    Status status = Status::error;
    std::string outcome;
    nlohmann::json params;
};

RouteVerdict verdict(const std::string& id, std::string outcome, nlohmann::json params) {
    const Status status = common::outcome_status(id, outcome);
    return {status, std::move(outcome), std::move(params)};
}

RouteVerdict judge_valid(const std::string& id, const facts::RouteRequest& route,
                         const facts::RouteValidity& validity) {
    nlohmann::json params{{"route", route_text(route)}, {"asn", std::to_string(route.origin_asn)}};
    if (validity.state == "valid") return verdict(id, "valid", std::move(params));
    if (validity.state == "not-found") return verdict(id, "not-found", std::move(params));
    if (validity.state == "invalid") {
        if (validity.reason == "too-specific") {
            int max_length = -1;
            for (const facts::Vrp& vrp : validity.covering)
                if (vrp.asn == route.origin_asn) max_length = std::max(max_length, vrp.max_length);
            params["max_length"] = std::to_string(max_length);
            return verdict(id, "invalid-too-specific", std::move(params));
        }
        if (validity.reason == "as0") return verdict(id, "invalid-as0", std::move(params));
        // "as-mismatch", or a reason this check does not know: no ROA names the origin.
        std::vector<uint32_t> named;
        for (const facts::Vrp& vrp : validity.covering)
            if (std::find(named.begin(), named.end(), vrp.asn) == named.end()) named.push_back(vrp.asn);
        params["roa_asns"] = as_list(named);
        return verdict(id, "invalid-as-mismatch", std::move(params));
    }
    params["state"] = validity.state.substr(0, 32);
    return verdict(id, "unknown-state", std::move(params));
}

RouteVerdict judge_roa_exists(const std::string& id, const facts::RouteRequest& route,
                              const facts::RouteValidity& validity) {
    nlohmann::json params{{"route", route_text(route)}};
    if (validity.state != "valid" && validity.state != "invalid" && validity.state != "not-found")
        return verdict(id, "unknown-state", std::move(params));
    if (validity.covering.empty()) return verdict(id, "roa-missing", std::move(params));
    return verdict(id, "roa-exists", std::move(params));
}

// ---------------------------------------------------------------- one address

nlohmann::json origins_json(const std::vector<CymruOrigin>& origins) {
    nlohmann::json out = nlohmann::json::array();
    for (const CymruOrigin& o : origins)
        out.push_back({{"prefix", to_string(o.prefix)}, {"asns", o.asns}, {"country", o.country},
                       {"registry", o.registry}, {"allocated", o.allocated}});
    return out;
}

Finding judge_address(const facts::TargetFacts& facts, const std::string& id, const Role& role,
                      Aspect aspect, const std::string& source, const RoleAddress& address,
                      const VrpSource& vrps) {
    const AddressRoutes routes = address_routes(facts, source, address.address);
    // How the routes were found, in one object: the same in both checks of the role
    // (roa_exists and valid judge the same routes), so the JSON report writes it once per
    // target (report/evidence_pool.hpp). source: the ASN source; query: the name asked;
    // records: the origins understood; rejected: answers that were not.
    nlohmann::json origin{{"source", source}};
    if (!routes.query.empty()) origin["query"] = routes.query;
    if (!routes.rejected.empty()) origin["rejected"] = routes.rejected;
    nlohmann::json evidence{{"address", address.address}, {"origin", origin}};
    if (!address.names.empty()) evidence["names"] = address.names;
    // The source's status is in the report once (context.settings); a finding repeats it only
    // when it changes the verdict (stale data).
    if (vrps.status.is_object() && vrps.status.value("stale", false)) evidence["vrp_source"] = vrps.status;

    auto finish = [&](Finding f) {
        for (auto& [key, value] : evidence.items())
            if (!f.evidence.contains(key)) f.evidence[key] = value;
        return f;
    };

    if (routes.lookup_error)
        return finish(common::probe_error_finding(id, address.address, *routes.lookup_error,
                                                  "looking up the BGP origin of " + address.address));
    if (!routes.unknown_outcome.empty())
        return finish(common::conclude(id, address.address, routes.unknown_outcome, {{"why", routes.unknown_why}}));
    evidence["origin"]["records"] = origins_json(routes.origins);

    nlohmann::json route_evidence = nlohmann::json::array();
    std::optional<RouteVerdict> worst;
    for (const facts::RouteRequest& route : routes.routes) {
        const auto& observed = facts.route(route);
        if (!observed.ok()) {
            // Not configured, not recorded, timed out: could not tell, never a pass.
            evidence["routes"] = route_evidence;
            return finish(common::probe_error_finding(id, address.address, observed.error(),
                                                      "RPKI route-origin validation of " + route_text(route)));
        }
        const facts::RouteValidity& validity = observed.value();
        nlohmann::json covering = validity.covering;
        route_evidence.push_back({{"prefix", route.prefix}, {"origin_asn", route.origin_asn},
                                  {"state", validity.state}, {"reason", validity.reason},
                                  {"covering", covering}});
        RouteVerdict judged = aspect == Aspect::valid ? judge_valid(id, route, validity)
                                                      : judge_roa_exists(id, route, validity);
        if (!worst || severity(judged.status) > severity(worst->status)) worst = std::move(judged);
    }
    evidence["routes"] = route_evidence;

    RouteVerdict judged = *worst;  // routes is never empty here (address_routes guarantees it)
    nlohmann::json& params = judged.params;
    params["server"] = role.server;
    params["address"] = address.address;
    if (judged.status == Status::pass) {
        // Which routes pass: the one route, or all of them.
        const bool one = routes.routes.size() == 1;
        params["routes"] = one ? params["route"].get<std::string>()
                               : "all " + std::to_string(routes.routes.size()) + " routes to " + address.address;
        params["are"] = one ? "is" : "are";
        if (aspect == Aspect::roa_exists)
            params["covered"] = one ? "a ROA covers " + params["route"].get<std::string>()
                                    : params["routes"].get<std::string>() + " are covered by a ROA";
        // A stale VRP source makes a pass a warning (its own outcome).
        if (vrps.stale) judged.outcome += "-stale-vrps";
    }
    params["age"] = vrps.age;
    params["note"] = vrps.stale && judged.status != Status::pass
                         ? "; note: the VRP data is stale" + vrps.age + ": refresh the VRP source"
                         : std::string();
    return finish(common::conclude(id, address.address, judged.outcome, std::move(params)));
}

}  // namespace

std::vector<Finding> judge_routes(const facts::TargetFacts& facts, const Role& role, Aspect aspect) {
    const std::string id = check_id(role, aspect);
    // No VRP set at all (settings.hpp: kind "none" or "unavailable"): nothing to look up.
    if (const VrpSource vrps = vrp_source(facts); vrps.status.is_object()) {
        const std::string kind = text_field(vrps.status, "kind");
        if (kind == "none" || kind == "unavailable") {
            std::string why = text_field(vrps.status, "reason").substr(0, 1000);
            if (why.empty()) why = kind == "none" ? "the RPKI checks were turned off" : "no VRP source could be loaded";
            return {common::conclude(id, "", kind == "none" ? "rpki-off" : "no-vrp-source", {{"why", why}},
                                     {{"vrp_source", vrps.status}})};
        }
    }
    const std::string source = asn_source(facts);
    if (!asn_source_supported(source))
        return {common::conclude(id, "", "unsupported-asn-source", {{"source", source.substr(0, 64)}})};

    const RoleAddresses addresses = role.addresses(facts);
    if (addresses.problem)
        return {common::probe_error_finding(id, "", *addresses.problem, addresses.problem_what)};
    if (addresses.none_because)
        return {common::conclude(id, "", "no-" + std::string(role.name) + "-servers",
                                 {{"none_because", *addresses.none_because}})};

    // Round 1: every address's origin; round 2: every route's validity (all addresses at once).
    std::vector<facts::Request> origin_batch;
    for (const RoleAddress& a : addresses.addresses)
        if (auto request = origin_request(source, a.address)) origin_batch.push_back(*request);
    facts.need(origin_batch);
    std::vector<facts::Request> route_batch;
    for (const RoleAddress& a : addresses.addresses)
        for (const facts::RouteRequest& route : address_routes(facts, source, a.address).routes)
            route_batch.push_back(route);
    facts.need(route_batch);

    const VrpSource vrps = vrp_source(facts);
    std::vector<Finding> findings;
    for (const UnresolvedName& name : addresses.unresolved)
        findings.push_back(common::probe_error_finding(id, name.name, name.error,
                                                       "finding the addresses of " + name.name));
    for (const RoleAddress& a : addresses.addresses)
        findings.push_back(judge_address(facts, id, role, aspect, source, a, vrps));
    return findings;
}

}  // namespace osescan::checks::rpki
