#!/usr/bin/env python3
"""The house's floors, enforced: every #include and every CMake link of the six libraries
is checked against what its floor may use (README.md "Layout").

    cli/ -> report/ -> scan/ -> checks/ | engine/ -> facts/

Usage: check_layers.py --source DIR --links DIR     (exit 0 clean, 1 violations, 2 usage)
       check_layers.py --self-test --source DIR --links DIR
The link lists are written by tests/CMakeLists.txt at configure time (one file per
library: its LINK_LIBRARIES, the direct links CMake resolves).
"""
import argparse
import os
import re
import shutil
import sys
import tempfile

# Which project folders each floor may include from (its own folder always).
PROJECT_INCLUDES = {
    "facts": [],
    "checks": ["facts"],
    "engine": ["facts"],
    "scan": ["engine", "checks", "facts"],
    "report": ["checks", "facts"],
    "cli": ["report", "scan", "checks", "engine", "facts"],
}
# Headers of libraries that talk to the network (or drive sockets): engine/ only.
NETWORK_HEADERS = re.compile(
    r"^(openssl/|curl/|ares(_[a-z_]+)?\.h$|unbound\.h$|rtrlib/|sys/socket\.h$|sys/epoll\.h$|"
    r"netdb\.h$|netinet/|poll\.h$|sys/select\.h$)")
# Other third-party headers, and the floors that may use them.
LIBRARY_HEADERS = {
    re.compile(r"^CLI/"): ["cli"],
    re.compile(r"^idn2\.h$"): ["cli"],
    re.compile(r"^libpsl\.h$"): ["checks"],  # the Public Suffix List: data, no network
    re.compile(r"^simdjson\.h$"): ["engine"],
}
# Which project libraries each floor's library may link (directly).
PROJECT_LINKS = {
    "facts": [],
    "checks": ["facts"],
    "engine": ["facts"],
    "scan": ["engine", "checks", "facts"],
    "report": ["checks", "facts"],
    "cli": ["scan", "report", "checks", "engine", "facts"],
}
NETWORK_LIBRARIES = re.compile(r"(OpenSSL::|CURL::|PkgConfig::CARES|PkgConfig::UNBOUND|PkgConfig::RTRLIB|"
                               r"libssl|libcrypto|libcurl|libcares|libunbound|librtr)")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def library_floor(name):
    """osescan_checks -> checks; anything else (external) -> None."""
    if name.startswith("osescan_") and name[len("osescan_"):] in PROJECT_LINKS:
        return name[len("osescan_"):]
    return None


def check_includes(source):
    problems = []
    for floor, allowed in PROJECT_INCLUDES.items():
        top = os.path.join(source, floor)
        for dirpath, _, files in os.walk(top):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp", ".h", ".in")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, source)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        kind, header = m.groups()
                        where = f"{rel}:{number}: {floor}/ "
                        first = header.split("/", 1)[0]
                        if kind == '"':
                            if first in PROJECT_INCLUDES and first != floor and first not in allowed:
                                problems.append(where + f'may not include "{header}" ({first}/ is not below it)')
                            continue
                        if NETWORK_HEADERS.match(header) and floor != "engine":
                            problems.append(where + f"may not include <{header}> (network code lives in engine/)")
                        for pattern, floors in LIBRARY_HEADERS.items():
                            if pattern.match(header) and floor not in floors:
                                problems.append(where + f"may not include <{header}> (only {', '.join(floors)}/)")
    return problems


def check_links(links):
    problems = []
    direct = {}
    for floor in PROJECT_LINKS:
        path = os.path.join(links, f"osescan_{floor}.links")
        if not os.path.exists(path):
            problems.append(f"{path}: missing (tests/CMakeLists.txt writes it at configure time)")
            continue
        with open(path) as f:
            direct[floor] = [item for item in f.read().strip().split(";") if item]
    for floor, items in direct.items():
        for item in items:
            other = library_floor(item)
            if other is not None and other != floor and other not in PROJECT_LINKS[floor]:
                problems.append(f"osescan_{floor} may not link {item} ({other}/ is not below {floor}/)")
            if floor != "engine" and NETWORK_LIBRARIES.search(item):
                problems.append(f"osescan_{floor} may not link {item} (network libraries: engine/ only)")
    # Transitively too: a floor reaches only what it may link.
    for floor in direct:
        seen, stack = set(), [floor]
        while stack:
            for item in direct.get(stack.pop(), []):
                other = library_floor(item)
                if other is not None and other not in seen:
                    seen.add(other)
                    stack.append(other)
        for other in sorted(seen - set(PROJECT_LINKS[floor]) - {floor}):
            problems.append(f"osescan_{floor} reaches osescan_{other} through its links")
    return problems


def run(source, links):
    return check_includes(source) + check_links(links)


def self_test(source, links):
    """Plant one violation of each kind in a copy and make sure each is caught."""
    plants = [
        ("report/planted.hpp", '#include "engine/loop/event_loop.hpp"\n', 'report/ may not include "engine/'),
        ("engine/planted.hpp", '#include "checks/check.hpp"\n', 'engine/ may not include "checks/'),
        ("checks/planted.hpp", "#include <openssl/ssl.h>\n", "checks/ may not include <openssl/ssl.h>"),
        ("facts/planted.hpp", '#include "checks/finding.hpp"\n', 'facts/ may not include "checks/'),
        ("report/planted2.hpp", '#include "scan/scanner.hpp"\n', 'report/ may not include "scan/'),
    ]
    failures = 0
    if run(source, links):
        print("self-test: the real tree is not clean; fix that first")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for floor in PROJECT_INCLUDES:
            shutil.copytree(os.path.join(source, floor), os.path.join(tmp, "src", floor))
        shutil.copytree(links, os.path.join(tmp, "links"))
        for rel, text, expected in plants:
            path = os.path.join(tmp, "src", rel)
            with open(path, "w") as f:
                f.write(text)
            found = [p for p in run(os.path.join(tmp, "src"), os.path.join(tmp, "links")) if expected in p]
            print(("caught: " + found[0]) if found else f"NOT CAUGHT: {rel} ({expected})")
            failures += not found
            os.remove(path)
        for floor, item, expected in [("engine", "osescan_checks", "osescan_engine may not link osescan_checks"),
                                      ("report", "OpenSSL::SSL", "osescan_report may not link OpenSSL::SSL"),
                                      ("checks", "osescan_engine", "osescan_report reaches osescan_engine")]:
            path = os.path.join(tmp, "links", f"osescan_{floor}.links")
            original = open(path).read()
            with open(path, "w") as f:
                f.write(original.strip() + ";" + item)
            found = [p for p in run(os.path.join(tmp, "src"), os.path.join(tmp, "links")) if expected in p]
            print(("caught: " + found[0]) if found else f"NOT CAUGHT: {floor} links {item}")
            failures += not found
            with open(path, "w") as f:
                f.write(original)
    print("self-test: " + ("ok" if failures == 0 else f"{failures} planted violation(s) not caught"))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True)
    parser.add_argument("--links", required=True)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test(args.source, args.links)
    problems = run(args.source, args.links)
    for p in problems:
        print(p)
    print(f"layers: {len(problems)} violation(s)" if problems else "layers: every include and link keeps to its floor")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
