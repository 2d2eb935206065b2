// Revocation and Certificate Transparency against real servers on loopback: an `openssl
// ocsp` responder, CRLs served by nginx, nginx stapling a good, a stale and a revoked OCSP
// response, and a certificate with embedded SCTs, all made at test time with the OpenSSL
// command-line tool (the stale response with the OpenSSL library: the CLI cannot backdate).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "engine/loop/event_loop.hpp"
#include "engine/tls/openssl_tls_prober.hpp"
#include "engine/tls/revocation_prober.hpp"
#include "http_test_servers.hpp"

using namespace std::chrono_literals;
using osescan::engine::EventLoop;
using osescan::engine::HttpRevocationProber;
using osescan::engine::OpenSslTlsProber;
using osescan::engine::ProbeSettings;
using osescan::engine::http_test::free_tcp_port;
using osescan::engine::http_test::NginxProcess;
using osescan::engine::http_test::TempDir;
using osescan::engine::http_test::write_file;
using osescan::facts::Observed;
using osescan::facts::RevocationAnswer;
using osescan::facts::RevocationRequest;
using osescan::facts::TlsHandshake;
using osescan::facts::TlsRequest;

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void run(const std::string& dir, const std::string& arguments) {
    const std::string command = "cd '" + dir + "' && openssl " + arguments + " >>openssl.log 2>&1 </dev/null";
    if (std::system(command.c_str()) != 0)
        FAIL("openssl " << arguments << " failed:\n" << read_text(dir + "/openssl.log"));
}

// RFC 6962 section 3.3: an OCTET STRING holding a one-SCT SignedCertificateTimestampList,
// as "DER:.." for an OpenSSL extension config. Log id 0x42 x 32, timestamp 1700000000000.
std::string sct_extension_der() {
    std::vector<uint8_t> sct{0};
    sct.insert(sct.end(), 32, 0x42);
    const uint64_t timestamp = 1700000000000;
    for (int shift = 56; shift >= 0; shift -= 8) sct.push_back(static_cast<uint8_t>(timestamp >> shift));
    sct.insert(sct.end(), {0, 0, 4, 3, 0, 4, 1, 2, 3, 4});
    std::vector<uint8_t> list{0, static_cast<uint8_t>(sct.size() + 2), 0, static_cast<uint8_t>(sct.size())};
    list.insert(list.end(), sct.begin(), sct.end());
    std::vector<uint8_t> der{0x04, static_cast<uint8_t>(list.size())};
    der.insert(der.end(), list.begin(), list.end());
    std::string out = "DER:";
    char hex[4];
    for (size_t i = 0; i < der.size(); ++i) {
        std::snprintf(hex, sizeof hex, "%02X", der[i]);
        out += (i ? ":" : "") + std::string(hex);
    }
    return out;
}

// A process run until the destructor (killed by the kernel if the test dies first).
class Child {
public:
    Child(const std::string& dir, std::vector<std::string> argv) {
        m_pid = ::fork();
        REQUIRE(m_pid >= 0);
        if (m_pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            const int out = ::open((dir + "/child.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            const int in = ::open("/dev/null", O_RDONLY);
            if (chdir(dir.c_str()) != 0 || out < 0 || in < 0) _exit(126);
            dup2(in, 0);
            dup2(out, 1);
            dup2(out, 2);
            std::vector<char*> raw;
            for (auto& argument : argv) raw.push_back(argument.data());
            raw.push_back(nullptr);
            execvp(raw[0], raw.data());
            _exit(127);
        }
    }
    ~Child() {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

private:
    pid_t m_pid = -1;
};

// Whether something listens on `port`, without connecting: `openssl ocsp` serves one
// connection at a time, and a probe connection that sends nothing would hold it.
bool listening(uint16_t port) {
    const std::string command = "ss -Hltn 'sport = :" + std::to_string(port) + "' | grep -q .";
    return std::system(command.c_str()) == 0;
}

// A DER OCSP response for `cert` (good), signed by the CA, whose window ended yesterday.
void write_stale_response(const std::string& dir, const std::string& cert_file, const std::string& out_file) {
    auto load = [&](const std::string& name) {
        std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen((dir + "/" + name).c_str(), "r"), std::fclose);
        REQUIRE(f);
        return f;
    };
    auto ca_file = load("ca.crt");
    auto key_file = load("ca.key");
    auto leaf_file = load(cert_file);
    X509* ca = PEM_read_X509(ca_file.get(), nullptr, nullptr, nullptr);
    EVP_PKEY* key = PEM_read_PrivateKey(key_file.get(), nullptr, nullptr, nullptr);
    X509* leaf = PEM_read_X509(leaf_file.get(), nullptr, nullptr, nullptr);
    REQUIRE((ca && key && leaf));
    OCSP_BASICRESP* basic = OCSP_BASICRESP_new();
    OCSP_CERTID* id = OCSP_cert_to_id(nullptr, leaf, ca);
    ASN1_TIME* this_update = X509_gmtime_adj(nullptr, -3 * 86400L);
    ASN1_TIME* next_update = X509_gmtime_adj(nullptr, -86400L);
    REQUIRE(OCSP_basic_add1_status(basic, id, V_OCSP_CERTSTATUS_GOOD, 0, nullptr, this_update, next_update));
    REQUIRE(OCSP_basic_sign(basic, ca, key, EVP_sha256(), nullptr, 0) == 1);
    OCSP_RESPONSE* response = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic);
    unsigned char* der = nullptr;
    const int length = i2d_OCSP_RESPONSE(response, &der);
    REQUIRE(length > 0);
    write_file(dir + "/" + out_file, std::string(reinterpret_cast<char*>(der), static_cast<size_t>(length)));
    OPENSSL_free(der);
    OCSP_RESPONSE_free(response);
    OCSP_BASICRESP_free(basic);
    OCSP_CERTID_free(id);
    ASN1_TIME_free(this_update);
    ASN1_TIME_free(next_update);
    X509_free(ca);
    X509_free(leaf);
    EVP_PKEY_free(key);
}

// The PKI, the responder and nginx, made once for all the test cases of this file.
struct RevocationWorld {
    TempDir dir;
    uint16_t ocsp_port = free_tcp_port();
    uint16_t http_port = free_tcp_port();
    uint16_t staple_good_port = free_tcp_port();
    uint16_t staple_stale_port = free_tcp_port();
    uint16_t staple_revoked_port = free_tcp_port();
    uint16_t sct_port = free_tcp_port();
    std::unique_ptr<Child> responder;
    std::unique_ptr<NginxProcess> nginx;

    std::string d() const { return dir.path(); }
    std::string ocsp_url() const { return "http://127.0.0.1:" + std::to_string(ocsp_port) + "/"; }
    std::string crl_url(const std::string& name = "ca.crl") const {
        return "http://localhost.test:" + std::to_string(http_port) + "/" + name;
    }

    RevocationWorld() {
        const std::string ext =
            "basicConstraints = critical,CA:FALSE\n"
            "keyUsage = critical,digitalSignature\n"
            "extendedKeyUsage = serverAuth\n"
            "subjectAltName = DNS:www.example.test,IP:127.0.0.1\n"
            "authorityInfoAccess = OCSP;URI:" +
            ocsp_url() +
            "\n"
            "crlDistributionPoints = URI:" +
            crl_url() + "\n";
        write_file(d() + "/ca.cnf", "[ ca ]\ndefault_ca = test_ca\n[ test_ca ]\ndir = " + d() +
                                        "\ndatabase = $dir/index.txt\nnew_certs_dir = $dir\nserial = $dir/serial\n"
                                        "crlnumber = $dir/crlnumber\ndefault_md = sha256\ndefault_crl_days = 7\n"
                                        "policy = any\nunique_subject = no\ncopy_extensions = none\n"
                                        "[ any ]\ncommonName = supplied\n[ leaf ]\n" +
                                        ext + "[ sct ]\n" + ext + "1.3.6.1.4.1.11129.2.4.2 = " + sct_extension_der() +
                                        "\n");
        write_file(d() + "/index.txt", "");
        write_file(d() + "/serial", "1000\n");
        write_file(d() + "/crlnumber", "1000\n");
        const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes ";
        const std::string ca_ext =
            "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign ";
        run(d(), "req -x509 " + ec + ca_ext + "-keyout ca.key -out ca.crt -days 30 -subj '/CN=revocation test CA'");
        // Another CA with the same name: its CRL names the right issuer but fails the signature.
        run(d(),
            "req -x509 " + ec + ca_ext + "-keyout other.key -out other.crt -days 30 -subj '/CN=revocation test CA'");
        run(d(), "req " + ec + "-keyout leaf.key -out leaf.csr -subj /CN=www.example.test");
        const std::string sign = "ca -batch -notext -config ca.cnf -cert ca.crt -keyfile ca.key -days 30 -in leaf.csr ";
        run(d(), sign + "-extensions leaf -out good.crt");
        run(d(), sign + "-extensions leaf -out revoked.crt");
        run(d(), sign + "-extensions sct -out sct.crt");
        run(d(), "ca -config ca.cnf -cert ca.crt -keyfile ca.key -revoke revoked.crt -crl_reason keyCompromise");
        std::filesystem::create_directories(d() + "/www");
        run(d(), "ca -gencrl -config ca.cnf -cert ca.crt -keyfile ca.key -out ca.crl.pem");
        run(d(), "crl -in ca.crl.pem -outform DER -out www/ca.crl");
        run(d(), "ca -gencrl -config ca.cnf -cert other.crt -keyfile other.key -out forged.crl.pem");
        run(d(), "crl -in forged.crl.pem -outform DER -out www/forged.crl");
        const std::string respond =
            "ocsp -index index.txt -rsigner ca.crt -rkey ca.key -CA ca.crt -issuer ca.crt -ndays 1 ";
        run(d(), respond + "-cert good.crt -respout good.der");
        run(d(), respond + "-cert revoked.crt -respout revoked.der");
        write_stale_response(d(), "good.crt", "stale.der");

        responder =
            std::make_unique<Child>(d(), std::vector<std::string>{"openssl", "ocsp", "-index", "index.txt", "-port",
                                                                  std::to_string(ocsp_port), "-rsigner", "ca.crt",
                                                                  "-rkey", "ca.key", "-CA", "ca.crt", "-ndays", "1",
                                                                  "-timeout", "3"});
        auto https = [&](uint16_t port, const std::string& cert, const std::string& staple) {
            std::string block = "  server {\n    listen 127.0.0.1:" + std::to_string(port) +
                                " ssl;\n"
                                "    ssl_certificate " +
                                d() + "/" + cert + ";\n    ssl_certificate_key " + d() + "/leaf.key;\n";
            if (!staple.empty()) block += "    ssl_stapling on;\n    ssl_stapling_file " + d() + "/" + staple + ";\n";
            return block + "    location / { return 200 \"ok\\n\"; }\n  }\n";
        };
        const std::string config =
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + d() +
            "/nginx.pid;\n"
            "error_log " +
            d() +
            "/error.log info;\nevents { worker_connections 64; }\nhttp {\n"
            "  access_log " +
            d() + "/access.log;\n  client_body_temp_path " + d() +
            "/client_body;\n"
            "  proxy_temp_path " +
            d() + "/proxy;\n  fastcgi_temp_path " + d() +
            "/fastcgi;\n"
            "  uwsgi_temp_path " +
            d() + "/uwsgi;\n  scgi_temp_path " + d() +
            "/scgi;\n"
            "  server {\n    listen 127.0.0.1:" +
            std::to_string(http_port) + ";\n    root " + d() + "/www;\n  }\n" +
            https(staple_good_port, "good.crt", "good.der") + https(staple_stale_port, "good.crt", "stale.der") +
            https(staple_revoked_port, "revoked.crt", "revoked.der") + https(sct_port, "sct.crt", "") + "}\n";
        nginx = std::make_unique<NginxProcess>(
            d(), config,
            std::vector<std::pair<std::string, uint16_t>>{{"127.0.0.1", http_port},
                                                          {"127.0.0.1", staple_good_port},
                                                          {"127.0.0.1", staple_stale_port},
                                                          {"127.0.0.1", staple_revoked_port},
                                                          {"127.0.0.1", sct_port}});
        for (int i = 0; i < 100 && !listening(ocsp_port); ++i) std::this_thread::sleep_for(50ms);
        REQUIRE(listening(ocsp_port));
    }

    RevocationRequest request(const std::string& method, const std::string& url, const std::string& cert,
                              bool with_issuer = true) const {
        RevocationRequest r;
        r.method = method;
        r.url = url;
        r.address = "127.0.0.1";
        r.certificate_sha256 = cert;
        r.certificate_pem = read_text(d() + "/" + cert);
        if (with_issuer) {
            r.issuer_sha256 = "ca";
            r.issuer_pem = read_text(d() + "/ca.crt");
        }
        return r;
    }
};

RevocationWorld& world() {
    static RevocationWorld shared;
    return shared;
}

ProbeSettings settings(bool trust_ca = false) {
    ProbeSettings s;
    s.timeout = 5000ms;
    if (trust_ca) s.ca_file = world().d() + "/ca.crt";
    return s;
}

std::vector<Observed<RevocationAnswer>> ask(HttpRevocationProber& prober, EventLoop& loop,
                                            const std::vector<RevocationRequest>& requests) {
    std::vector<std::optional<Observed<RevocationAnswer>>> answers(requests.size());
    bool inside = true;
    for (size_t i = 0; i < requests.size(); ++i)
        prober.check(requests[i], [&, i](Observed<RevocationAnswer> answer) {
            CHECK_FALSE(inside);
            answers[i] = std::move(answer);
        });
    inside = false;
    bool gave_up = false;
    loop.after(15000ms, [&] { gave_up = true; });
    loop.run_until([&] {
        return gave_up || std::all_of(answers.begin(), answers.end(), [](const auto& a) { return a.has_value(); });
    });
    std::vector<Observed<RevocationAnswer>> out;
    for (auto& answer : answers) {
        REQUIRE(answer.has_value());
        out.push_back(std::move(*answer));
    }
    return out;
}

RevocationAnswer value(const Observed<RevocationAnswer>& observed) {
    if (!observed.ok()) FAIL("probe error: " << observed.error().kind << ": " << observed.error().detail);
    return observed.value();
}

TlsHandshake handshake(uint16_t port) {
    EventLoop loop;
    OpenSslTlsProber prober(loop, settings(true));
    std::optional<Observed<TlsHandshake>> result;
    TlsRequest request;
    request.address = "127.0.0.1";
    request.port = port;
    request.sni = "www.example.test";
    prober.handshake(request, [&](Observed<TlsHandshake> r) { result = std::move(r); });
    bool gave_up = false;
    loop.after(10000ms, [&] { gave_up = true; });
    loop.run_until([&] { return result.has_value() || gave_up; });
    REQUIRE(result.has_value());
    if (!result->ok()) FAIL("probe error: " << result->error().detail);
    return result->value();
}

}  // namespace

TEST_CASE("revocation: the openssl ocsp responder says good and revoked; one fetch per URL per scan") {
    RevocationWorld& w = world();
    EventLoop loop;
    HttpRevocationProber prober(loop, settings());
    const auto answers = ask(prober, loop,
                             {w.request("ocsp", w.ocsp_url(), "good.crt"), w.request("ocsp", w.ocsp_url(), "good.crt"),
                              w.request("ocsp", w.ocsp_url(), "revoked.crt")});
    const RevocationAnswer good = value(answers[0]);
    CHECK(good.status == "good");
    CHECK(good.this_update > 0);
    CHECK(good.next_update > good.this_update);
    CHECK(value(answers[1]) == good);
    const RevocationAnswer revoked = value(answers[2]);
    CHECK(revoked.status == "revoked");
    CHECK(revoked.reason == "keyCompromise");
    CHECK(revoked.revoked_at > 0);
    CHECK(prober.fetches_started() == 2);  // the same certificate asked twice: one fetch

    // Later targets asking the same again are answered from the scan's cache.
    const auto again = ask(prober, loop, {w.request("ocsp", w.ocsp_url(), "good.crt")});
    CHECK(value(again[0]) == good);
    CHECK(prober.fetches_started() == 2);
}

TEST_CASE("revocation: the issuer from the trust store when the server did not send it") {
    RevocationWorld& w = world();
    EventLoop loop;
    HttpRevocationProber trusting(loop, settings(true));
    CHECK(value(ask(trusting, loop, {w.request("ocsp", w.ocsp_url(), "good.crt", false)})[0]).status == "good");
    HttpRevocationProber unaware(loop, settings(false));
    const RevocationAnswer unknown_issuer =
        value(ask(unaware, loop, {w.request("ocsp", w.ocsp_url(), "good.crt", false)})[0]);
    CHECK(unknown_issuer.status == "invalid");
    CHECK(unknown_issuer.problem == "no-issuer");
}

TEST_CASE("revocation: CRLs served by nginx, checked against the issuer") {
    RevocationWorld& w = world();
    EventLoop loop;
    HttpRevocationProber prober(loop, settings());
    // The URL's host is a name: the request pins the address (the check resolved it).
    const auto answers = ask(prober, loop,
                             {w.request("crl", w.crl_url(), "good.crt"), w.request("crl", w.crl_url(), "revoked.crt"),
                              w.request("crl", w.crl_url("forged.crl"), "good.crt"),
                              w.request("crl", w.crl_url("missing.crl"), "good.crt")});
    CHECK(value(answers[0]).status == "good");
    CHECK(value(answers[0]).next_update > value(answers[0]).this_update);
    const RevocationAnswer revoked = value(answers[1]);
    CHECK(revoked.status == "revoked");
    CHECK(revoked.reason == "keyCompromise");
    CHECK(revoked.revoked_at > 0);
    CHECK(value(answers[2]).status == "invalid");
    CHECK(value(answers[2]).problem == "bad-signature");
    CHECK(value(answers[3]).status == "invalid");
    CHECK(value(answers[3]).problem == "http-404");
    CHECK(prober.fetches_started() == 3);  // one CRL fetch serves both certificates
}

TEST_CASE("revocation: an unreachable responder is a probe error, never an answer") {
    RevocationWorld& w = world();
    EventLoop loop;
    HttpRevocationProber prober(loop, settings());
    const std::string nowhere = "http://127.0.0.1:" + std::to_string(free_tcp_port()) + "/";
    const auto answers =
        ask(prober, loop, {w.request("ocsp", nowhere, "good.crt"), w.request("ocsp", "https://x/", "good.crt")});
    REQUIRE_FALSE(answers[0].ok());
    CHECK(answers[0].error().kind == "connection-refused");
    REQUIRE_FALSE(answers[1].ok());
    CHECK(answers[1].error().kind == "internal");
}

TEST_CASE("revocation: nginx staples a good, a stale and a revoked response") {
    RevocationWorld& w = world();
    const TlsHandshake good = handshake(w.staple_good_port);
    CHECK(good.ocsp_status == "good");
    CHECK(good.ocsp_staple.status == "good");
    CHECK(good.ocsp_staple.next_update > good.ocsp_staple.this_update);
    const TlsHandshake stale = handshake(w.staple_stale_port);
    CHECK(stale.ocsp_status == "invalid");
    CHECK(stale.ocsp_staple.problem == "stale");
    const TlsHandshake revoked = handshake(w.staple_revoked_port);
    CHECK(revoked.ocsp_status == "revoked");
    CHECK(revoked.ocsp_staple.reason == "keyCompromise");
    CHECK(revoked.ocsp_staple.revoked_at > 0);
    // The certificate's AIA and CDP are recorded for tls.certificate.revocation.
    REQUIRE(good.chain.size() == 1);
    CHECK(good.chain[0].ocsp_urls == std::vector<std::string>{w.ocsp_url()});
    CHECK(good.chain[0].crl_urls == std::vector<std::string>{w.crl_url()});
    CHECK(good.chain[0].scts.empty());
}

TEST_CASE("transparency: SCTs embedded in the certificate are read") {
    const TlsHandshake handshake_with_scts = handshake(world().sct_port);
    REQUIRE(handshake_with_scts.chain.size() == 1);
    const auto& scts = handshake_with_scts.chain[0].scts;
    REQUIRE(scts.size() == 1);
    CHECK(scts[0].source == "certificate");
    CHECK(scts[0].version == 0);
    CHECK(scts[0].log_id.substr(0, 4) == "4242");
    CHECK(scts[0].timestamp_ms == 1700000000000);
    CHECK(handshake_with_scts.scts.empty());  // nginx sends none in the TLS extension
}
