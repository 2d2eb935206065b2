#pragma once
// A tiny signed DNS tree for the validator's tests, built at test time with ldns-keygen and
// ldns-signzone and served by two real nsd processes on loopback addresses, port 53:
//
//   root server  127.53.<n>.1   zone "." (signed; trust anchor = its KSK's DS)
//   child server 127.53.<n>.2   zones delegated from the root:
//     good.        signed, DS in the root                      -> secure
//     expired.     signed with signatures of January 2020      -> bogus (signature expired)
//     dsmismatch.  signed, but the root's DS is of another key -> bogus (DS matches no DNSKEY)
//     nsec3.       signed with NSEC3, 5 iterations, salt ABCD  -> secure
//     unsigned.    not signed, no DS                           -> insecure
//     test.        signed, DS in the root (the RFC 6761 name)  -> secure, with children
//       good.test.   signed, DS in test.                       -> secure
//       bogus.test.  signed with signatures of January 2020    -> bogus (signature expired)
//   every zone has "www" and the apex with A 127.0.0.80.
//
// <n> is derived from the process id so that concurrent test runs do not collide. Port 53
// because recursion follows NS glue, which carries no port: the validator starts from a
// root hints file naming the root server (ProbeSettings::root_hints_file), exactly as in
// the demo world. Needs root (binding port 53); available() says whether it could start.
// The destructor stops both nsd processes and removes the directory.

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace osescan::engine::dnssec_test {

class NsdServer;

class SignedTree {
public:
    SignedTree();
    ~SignedTree();
    SignedTree(const SignedTree&) = delete;
    SignedTree& operator=(const SignedTree&) = delete;

    // False (with why()) when the tree could not be started: not root, tools missing, ...
    bool available() const { return m_available; }
    const std::string& why() const { return m_why; }

    const std::string& root_address() const { return m_root_address; }
    const std::string& child_address() const { return m_child_address; }
    // An address in the same /24 where nothing listens (for timeouts with a hints file).
    std::string unused_address() const { return m_prefix + "9"; }
    const std::string& trust_anchor_file() const { return m_trust_anchor; }
    const std::string& root_hints_file() const { return m_root_hints; }
    const std::string& directory() const { return m_dir; }
    // A root hints file naming `address` as the only root server.
    std::string hints_for(const std::string& address, const std::string& file_name) const;

private:
    void build();

    bool m_available = false;
    std::string m_why;
    std::string m_dir;
    std::string m_prefix;  // "127.53.<n>."
    std::string m_root_address;
    std::string m_child_address;
    std::string m_trust_anchor;
    std::string m_root_hints;
    std::vector<std::unique_ptr<NsdServer>> m_servers;
};

// The one tree of the test binary (built on first use, ~1 s).
SignedTree& signed_tree();

// A validating recursive unbound daemon on <address>@<port> that starts from `hints` with
// `trust_anchor` (as the demo world's resolver), for the forwarder tests.
class UnboundDaemon {
public:
    UnboundDaemon(const std::string& directory, const std::string& address, int port, const std::string& hints,
                  const std::string& trust_anchor);
    ~UnboundDaemon();
    UnboundDaemon(const UnboundDaemon&) = delete;
    UnboundDaemon& operator=(const UnboundDaemon&) = delete;
    bool running() const { return m_pid > 0; }
    const std::string& log() const { return m_log; }

private:
    pid_t m_pid = -1;
    std::string m_log;
};

}  // namespace osescan::engine::dnssec_test
