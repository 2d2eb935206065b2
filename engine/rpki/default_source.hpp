#pragma once
// The VRP source osescan uses when the user names none (no --rpki-source, --rpki-vrps or
// --rpki-rtr): the JSON export of the rpki-client project's public console.
//
// Why this one: rpki-client is maintained relying-party software (OpenBSD, packaged by
// Debian); its console republishes a full validation of all five RIR trust anchors every
// few minutes in the format vrp_json.* reads, with its build time in the metadata (so the
// age check uses the data's own time), and it is the default cache URL of StayRTR, the RTR
// server Debian ships (`stayrtr -cache`). Nobody's validation is trusted blindly: the file
// is parsed strictly, cached, and its age shown in every RPKI finding's evidence.

#include <string>

namespace osescan::engine::rpki {

inline constexpr const char* k_default_vrp_url = "https://console.rpki-client.org/vrps.json";

// For tests only: the project's tests point the default source at a loopback server (they
// must never reach the public internet). Not documented as a user option: users name a
// source with --rpki-source.
inline constexpr const char* k_default_vrp_url_env = "OSESCAN_RPKI_DEFAULT_URL";

// k_default_vrp_url, or the test override when the environment sets one.
std::string default_vrp_url();

}  // namespace osescan::engine::rpki
