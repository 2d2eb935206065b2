#pragma once
// Writing report and facts files so that a reader never sees half a file: the content goes
// to a temporary file in the same directory, is flushed to disk, and is renamed over the
// destination (rename(2) is atomic within a file system). "-" means standard output. An
// existing destination that is not a regular file (/dev/null, a FIFO, /dev/stdout) is
// written to in place, never replaced.

#include <string>
#include <string_view>

namespace osescan::report {

// Throws std::runtime_error naming the path and the system's reason on failure; a
// temporary file is never left behind.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace osescan::report
