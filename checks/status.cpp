#include "checks/check.hpp"
#include "checks/finding.hpp"

namespace osescan::checks {

std::string_view status_name(Status status) {
    switch (status) {
        case Status::pass: return "pass";
        case Status::info: return "info";
        case Status::warn: return "warn";
        case Status::fail: return "fail";
        case Status::error: return "error";
        case Status::not_applicable: return "not_applicable";
    }
    return "error";
}

std::optional<Status> status_from_name(std::string_view name) {
    for (Status s : {Status::pass, Status::info, Status::warn, Status::fail, Status::error,
                     Status::not_applicable})
        if (status_name(s) == name) return s;
    return std::nullopt;
}

int severity(Status status) {
    switch (status) {
        case Status::not_applicable: return 0;
        case Status::pass: return 1;
        case Status::info: return 2;
        case Status::warn: return 3;
        case Status::fail: return 4;
        case Status::error: return 5;
    }
    return 5;
}

Status worst(Status a, Status b) { return severity(a) >= severity(b) ? a : b; }

std::string_view family_name(Family family) {
    switch (family) {
        case Family::https: return "https";
        case Family::headers: return "headers";
        case Family::tls: return "tls";
        case Family::certificate: return "certificate";
        case Family::dnssec: return "dnssec";
        case Family::ipv6: return "ipv6";
        case Family::rpki: return "rpki";
        case Family::mail: return "mail";
        case Family::time: return "time";
    }
    return "?";
}

std::string_view family_title(Family family) {
    switch (family) {
        case Family::https: return "HTTPS and HTTP security";
        case Family::headers: return "HTTP security headers";
        case Family::tls: return "TLS";
        case Family::certificate: return "Certificate";
        case Family::dnssec: return "DNSSEC";
        case Family::ipv6: return "IPv6";
        case Family::rpki: return "RPKI route origin";
        case Family::mail: return "Mail authentication and transport";
        case Family::time: return "Time security (NTS)";
    }
    return "?";
}

const std::vector<Family>& all_families() {
    static const std::vector<Family> families{Family::https, Family::headers, Family::tls,  Family::certificate,
                                              Family::dnssec, Family::ipv6, Family::rpki,
                                              Family::mail,  Family::time};
    return families;
}

}  // namespace osescan::checks
