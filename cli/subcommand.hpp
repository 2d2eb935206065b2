#pragma once
// A subcommand of `osescan`: its CLI11 node and what runs when it was chosen. Each
// subcommand lives in its own file (check_command, list_checks_command, demo_command);
// app.cpp only assembles them.

#include <functional>

#include <CLI/CLI.hpp>

namespace osescan::cli {

struct Subcommand {
    CLI::App* app = nullptr;
    std::function<int()> run;  // returns the process exit code (cli/exit_codes.hpp)
};

}  // namespace osescan::cli
