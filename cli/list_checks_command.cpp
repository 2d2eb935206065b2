#include "cli/list_checks_command.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "checks/registry.hpp"
#include "cli/exit_codes.hpp"
#include "report/json_report.hpp"
#include "report/terminal_text.hpp"

namespace osescan::cli {

namespace {
struct ListOptions {
    std::vector<std::string> only;
    std::vector<std::string> skip;
    bool json = false;
};

std::string padded(std::string text, size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

int run_list_checks(const ListOptions& options) {
    const checks::Selection selection = checks::select_checks(options.only, options.skip);
    if (!selection.unknown.empty()) {
        for (const std::string& term : selection.unknown)
            std::fprintf(stderr, "osescan: error: unknown check or family '%s' in --only/--skip\n",
                         report::terminal_safe(term).c_str());
        return exit_code::usage;
    }
    if (options.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const checks::Check* c : selection.checks) {
            nlohmann::json entry = report::check_info_to_json(c->info);
            // The catalogue's outcome table: what CI can key on, with status and text.
            entry["outcomes"] = nlohmann::json::array();
            for (const checks::Outcome& o : c->info.outcomes)
                entry["outcomes"].push_back({{"code", std::string(o.code)},
                                             {"status", std::string(checks::status_name(o.status))},
                                             {"blocking", o.blocking},
                                             {"summary", std::string(o.summary)}});
            out.push_back(std::move(entry));
        }
        std::fputs(report::dump_json(out).c_str(), stdout);
        return exit_code::ok;
    }
    size_t id_width = 2;
    for (const checks::Check* c : selection.checks) id_width = std::max(id_width, c->info.id.size());
    std::string out = padded("ID", id_width) + "  " + padded("FAMILY", 11) + "  SCORED  TITLE\n";
    for (const checks::Check* c : selection.checks)
        out += padded(std::string(c->info.id), id_width) + "  " +
               padded(std::string(checks::family_name(c->info.family)), 11) + "  " +
               padded(c->info.scored ? "yes" : "no", 6) + "  " + std::string(c->info.title) + "\n";
    std::fputs(out.c_str(), stdout);
    return exit_code::ok;
}
}  // namespace

Subcommand add_list_checks_command(CLI::App& parent) {
    auto options = std::make_shared<ListOptions>();
    CLI::App* app = parent.add_subcommand("list-checks", "List the checks osescan knows");
    app->add_option("--only", options->only, "Only these families, check ids or id prefixes")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->type_name("LIST");
    app->add_option("--skip", options->skip, "Leave out these families, check ids or id prefixes")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->type_name("LIST");
    app->add_flag("--json", options->json, "Print the catalogue as JSON (the report's \"checks\" form)");
    app->footer(exit_code::k_help_text);
    return {app, [options] { return run_list_checks(*options); }};
}

}  // namespace osescan::cli
