#include "cli/demo_command.hpp"

#include <cstdio>

#include "cli/exit_codes.hpp"

namespace osescan::cli {

Subcommand add_demo_command(CLI::App& parent) {
    CLI::App* app = parent.add_subcommand("demo", "Scan the offline demo world (examples/world)");
    app->footer(exit_code::k_help_text);
    return {app, [] {
                std::fputs("osescan demo: not yet available\n", stderr);
                return exit_code::usage;
            }};
}

}  // namespace osescan::cli
