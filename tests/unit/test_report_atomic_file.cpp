#include <doctest/doctest.h>

#include <dirent.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "report/atomic_file.hpp"

namespace {
struct TempDir {
    std::string path;
    TempDir() {
        char pattern[] = "/tmp/osescan-atomic-XXXXXX";
        path = ::mkdtemp(pattern);
    }
    ~TempDir() {
        if (DIR* d = ::opendir(path.c_str())) {
            while (dirent* e = ::readdir(d)) {
                const std::string name = e->d_name;
                if (name != "." && name != "..") ::unlink((path + "/" + name).c_str());
            }
            ::closedir(d);
        }
        ::rmdir(path.c_str());
    }
    int entries() const {
        int n = 0;
        if (DIR* d = ::opendir(path.c_str())) {
            while (dirent* e = ::readdir(d)) n += std::string(e->d_name) != "." && std::string(e->d_name) != "..";
            ::closedir(d);
        }
        return n;
    }
};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("a file is written whole and replaces the old one, without leftovers") {
    TempDir dir;
    const std::string path = dir.path + "/report.json";
    osescan::report::write_file_atomically(path, "first\n");
    CHECK(read_all(path) == "first\n");
    osescan::report::write_file_atomically(path, std::string(100000, 'x'));
    CHECK(read_all(path) == std::string(100000, 'x'));
    CHECK(dir.entries() == 1);  // no temporary file left behind

    struct stat info{};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    CHECK((info.st_mode & 0777) == (0666 & ~mask));
}

TEST_CASE("failures name the path and leave nothing behind") {
    TempDir dir;
    CHECK_THROWS_WITH_AS(osescan::report::write_file_atomically(dir.path + "/missing/report.json", "x"),
                         doctest::Contains("missing/report.json"), std::runtime_error);
    // Renaming a file over a directory fails after the temporary file was written.
    const std::string subdir = dir.path + "/taken";
    REQUIRE(::mkdir(subdir.c_str(), 0700) == 0);
    CHECK_THROWS_WITH_AS(osescan::report::write_file_atomically(subdir, "x"),
                         doctest::Contains("rename failed"), std::runtime_error);
    ::rmdir(subdir.c_str());
    CHECK(dir.entries() == 0);
    CHECK_THROWS_AS(osescan::report::write_file_atomically("", "x"), std::runtime_error);
}
