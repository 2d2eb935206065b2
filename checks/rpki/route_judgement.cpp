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

struct VrpSource {
    nlohmann::json status;  // null when the scan recorded none
    bool stale = false;
    std::string note;       // for summaries when stale
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
        out.note = "the VRP data is stale";
        if (age != out.status.end() && age->is_number_integer())
            out.note += " (" + std::to_string(age->get<int64_t>() / 3600) + " h old)";
        out.note += ": refresh the VRP source";
    }
    return out;
}

// ---------------------------------------------------------------- one route

struct RouteVerdict {
    Status status = Status::error;
    std::string outcome;
    std::string summary;
};

std::string invalid_why(const facts::RouteRequest& route, const facts::RouteValidity& validity) {
    if (validity.reason == "too-specific") {
        int max_length = -1;
        for (const facts::Vrp& vrp : validity.covering)
            if (vrp.asn == route.origin_asn) max_length = std::max(max_length, vrp.max_length);
        return "AS" + std::to_string(route.origin_asn) + " is authorised only up to /" +
               std::to_string(max_length) + " (the ROA's maxLength) and this route is longer";
    }
    if (validity.reason == "as0")
        return "only AS0 ROAs cover it: the address holder says it must not be routed (RFC 6483 §4)";
    std::vector<uint32_t> named;
    for (const facts::Vrp& vrp : validity.covering)
        if (std::find(named.begin(), named.end(), vrp.asn) == named.end()) named.push_back(vrp.asn);
    return "no ROA authorises AS" + std::to_string(route.origin_asn) + " to originate it (the ROAs name " +
           as_list(named) + ")";
}

RouteVerdict judge_valid(const facts::RouteRequest& route, const facts::RouteValidity& validity) {
    if (validity.state == "valid")
        return {Status::pass, "valid", route_text(route) + " is RPKI-valid"};
    if (validity.state == "not-found")
        return {Status::warn, "not-found",
                "no ROA covers " + route_text(route) +
                    " (RPKI not-found): ask your hosting provider / network to publish one"};
    if (validity.state == "invalid") {
        const std::string reason = validity.reason.empty() ? "as-mismatch" : validity.reason;
        return {Status::fail, "invalid-" + reason,
                route_text(route) + " is RPKI-invalid: " + invalid_why(route, validity) +
                    "; networks that validate drop this route, or will"};
    }
    return {Status::error, "unknown-state", route_text(route) + ": unknown validation state \"" +
                                                validity.state.substr(0, 32) + "\""};
}

RouteVerdict judge_roa_exists(const facts::RouteRequest& route, const facts::RouteValidity& validity) {
    if (validity.state != "valid" && validity.state != "invalid" && validity.state != "not-found")
        return {Status::error, "unknown-state", route_text(route) + ": unknown validation state"};
    if (validity.covering.empty())
        return {Status::warn, "roa-missing",
                "no ROA covers " + route_text(route) +
                    ": ask your hosting provider / network to publish one"};
    return {Status::pass, "roa-exists", "a ROA covers " + route_text(route)};
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
    nlohmann::json evidence{{"address", address.address}, {"asn_source", source}};
    if (!address.names.empty()) evidence["names"] = address.names;
    if (!routes.query.empty()) evidence["origin_query"] = routes.query;
    if (!routes.rejected.empty()) evidence["rejected_origin_records"] = routes.rejected;
    if (!vrps.status.is_null()) evidence["vrp_source"] = vrps.status;

    auto finish = [&](Finding f) {
        for (auto& [key, value] : evidence.items())
            if (!f.evidence.contains(key)) f.evidence[key] = value;
        return f;
    };

    if (routes.lookup_error)
        return finish(common::probe_error_finding(id, address.address, *routes.lookup_error,
                                                  "looking up the BGP origin of " + address.address));
    if (!routes.unknown_outcome.empty())
        return finish(common::make_finding(id, address.address, Status::error, routes.unknown_outcome,
                                           "Could not tell: " + routes.unknown_why));
    evidence["origins"] = origins_json(routes.origins);

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
        RouteVerdict verdict = aspect == Aspect::valid ? judge_valid(route, validity)
                                                       : judge_roa_exists(route, validity);
        if (!worst || severity(verdict.status) > severity(worst->status)) worst = std::move(verdict);
    }
    evidence["routes"] = route_evidence;

    RouteVerdict verdict = *worst;  // routes is never empty here (address_routes guarantees it)
    std::string summary;
    if (verdict.status == Status::pass) {
        summary = routes.routes.size() == 1
                      ? verdict.summary
                      : "all " + std::to_string(routes.routes.size()) + " routes to " + address.address +
                            (aspect == Aspect::valid ? " are RPKI-valid" : " are covered by a ROA");
    } else {
        summary = verdict.summary;
    }
    summary = std::string(role.server) + " " + address.address + ": " + summary;
    if (vrps.stale) {
        if (verdict.status == Status::pass) {
            verdict.status = Status::warn;
            verdict.outcome += "-stale-vrps";
        }
        summary += (verdict.status == Status::warn && verdict.outcome.ends_with("-stale-vrps") ? "; but " : "; note: ") +
                   vrps.note;
    }
    return finish(common::make_finding(id, address.address, verdict.status, verdict.outcome, summary));
}

}  // namespace

std::vector<Finding> judge_routes(const facts::TargetFacts& facts, const Role& role, Aspect aspect) {
    const std::string id = check_id(role, aspect);
    const std::string source = asn_source(facts);
    if (!asn_source_supported(source))
        return {common::make_finding(id, "", Status::error, "unsupported-asn-source",
                                     "Could not tell: unsupported ASN source \"" + source.substr(0, 64) +
                                         "\" (setting rpki.asn_source; supported: cymru-dns)")};

    const RoleAddresses addresses = role.addresses(facts);
    if (addresses.problem)
        return {common::probe_error_finding(id, "", *addresses.problem, addresses.problem_what)};
    if (addresses.none_because)
        return {common::make_finding(id, "", Status::not_applicable, "no-" + std::string(role.name) + "-servers",
                                     *addresses.none_because)};

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
