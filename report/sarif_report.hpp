#pragma once
// SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/) for code-scanning
// dashboards: one rule per check that ran (help as text and markdown, references),
// one result per finding that needs attention (info, warn, fail, error; pass and
// not_applicable are left out). There are no source files, so each result's location
// names the target: physicalLocation.artifactLocation.uri "osescan/<host>[:port][/path]"
// (GitHub code scanning requires a physical location) plus a logical location for the
// finding's subject. Findings a --policy ignores carry a SARIF suppression with its reason.

#include <string>

#include <nlohmann/json.hpp>

#include "report/report_model.hpp"

namespace osescan::report {

inline constexpr const char* k_sarif_schema_uri = "https://json.schemastore.org/sarif-2.1.0.json";

// "error" for fail and error, "warning" for warn, "note" for info, "none" otherwise.
const char* sarif_level(checks::Status status);

// "example.com", "example.com:8443/app", "[2001:db8::1]": the target as people read it.
std::string sarif_target_name(const facts::Target& target);

// The artifact URI of a target: "osescan/example.com", "osescan/example.com:8443/app",
// "osescan/%5B2001:db8::1%5D" (brackets are not allowed in a URI path).
std::string sarif_target_uri(const facts::Target& target);

nlohmann::json sarif_report_to_json(const ScanReport& report);
std::string render_sarif_report(const ScanReport& report);

}  // namespace osescan::report
