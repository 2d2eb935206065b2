#pragma once
// The progress bar of a batch scan (two targets or more) on stderr: only when stderr is a
// terminal (a CI log or a redirected file gets nothing), redrawn in place as each target
// completes.
//   [##########··········]  12/24 targets  2.0/s  ETA 0:06

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace osescan::cli {

// The line, without "\r" or escape sequences. `elapsed_s` is time since the scan began;
// rate and ETA appear once something is done.
std::string format_progress(size_t done, size_t total, double elapsed_s, size_t bar_width = 20);

// "0:06", "12:34", "1:02:03".
std::string format_duration(double seconds);

class ProgressBar {
public:
    // `enabled`: the caller's decision (stderr is a TTY and the scan is not --quiet).
    ProgressBar(bool enabled, size_t total, std::FILE* stream = stderr);
    void update(size_t done);
    // Clears the line (before other output to the same terminal, and at the end).
    void clear();
    bool enabled() const { return m_enabled; }

private:
    bool m_enabled;
    size_t m_total;
    size_t m_done = 0;
    size_t m_last_width = 0;  // bytes of the line on screen (0: nothing shown)
    std::FILE* m_stream;
    std::chrono::steady_clock::time_point m_start;
};

}  // namespace osescan::cli
