#pragma once
// How a socket-level failure (errno of connect/send/recv) ends a TLS probe, in the facts'
// vocabulary (facts/observed.hpp): refused, reset, unreachable, timeout.

#include <string>

#include "facts/facts.hpp"

namespace osescan::engine::tls {

facts::ProbeError socket_error(int error, const std::string& what);

}  // namespace osescan::engine::tls
