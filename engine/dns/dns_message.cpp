#include "engine/dns/dns_message.hpp"

#include "engine/dns/rdata_format.hpp"
#include "engine/dns/rr_types.hpp"
#include "engine/dns/wire_reader.hpp"

namespace osescan::engine::dns {

namespace {
constexpr size_t k_header_bytes = 12;
constexpr uint16_t k_flag_qr = 0x8000;  // RFC 1035 §4.1.1
constexpr uint16_t k_flag_tc = 0x0200;

enum class Section { answer, authority, additional };

const char* section_name(Section section) {
    switch (section) {
        case Section::answer: return "answer";
        case Section::authority: return "authority";
        case Section::additional: return "additional";
    }
    return "?";
}

class ResponseParser {
public:
    explicit ResponseParser(std::span<const uint8_t> message) : m_message(message), m_in(message) {}

    DnsMessageResult parse() {
        if (m_message.size() > k_max_message_bytes) return DnsMessageError{"message longer than 65535 bytes", 0};
        if (m_message.size() < k_header_bytes) return DnsMessageError{"message shorter than its header", 0};
        uint16_t id = 0, flags = 0, qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
        m_in.read_u16(id);
        m_in.read_u16(flags);
        m_in.read_u16(qdcount);
        m_in.read_u16(ancount);
        m_in.read_u16(nscount);
        m_in.read_u16(arcount);
        if ((flags & k_flag_qr) == 0) return DnsMessageError{"not a response (QR=0)", 2};
        m_truncated = (flags & k_flag_tc) != 0;
        m_answer.truncated = m_truncated;
        m_rcode = flags & 0x000F;

        for (uint16_t i = 0; i < qdcount && !m_stopped; ++i)
            if (!skip_question(i)) return m_error;
        if (!read_section(Section::answer, ancount) || !read_section(Section::authority, nscount) ||
            !read_section(Section::additional, arcount))
            return m_error;
        m_answer.rcode = rcode_name(m_rcode);
        return std::move(m_answer);
    }

private:
    // On a read failure: a truncated response simply ends early; otherwise an error.
    bool failed(const std::string& where) {
        if (m_truncated && m_in.failure() == WireReader::Failure::out_of_data) {
            m_stopped = true;
            return true;
        }
        m_error = DnsMessageError{where + ": " + m_in.failure_text(), m_in.offset()};
        return false;
    }

    bool skip_question(uint16_t index) {
        std::string ignored;
        if (!m_in.read_name(ignored) || !m_in.skip(4)) return failed("question " + std::to_string(index + 1));
        return true;
    }

    bool read_section(Section section, uint16_t count) {
        for (uint16_t i = 0; i < count && !m_stopped; ++i) {
            const std::string where = std::string(section_name(section)) + " record " + std::to_string(i + 1);
            const size_t record_offset = m_in.offset();
            facts::DnsRecord record;
            uint16_t type = 0, record_class = 0, rdlength = 0;
            uint32_t ttl = 0;
            if (!m_in.read_name(record.name) || !m_in.read_u16(type) || !m_in.read_u16(record_class) ||
                !m_in.read_u32(ttl) || !m_in.read_u16(rdlength))
                return failed(where);
            const size_t rdata_offset = m_in.offset();
            if (!m_in.skip(rdlength)) return failed(where + " RDATA");
            if (type == rr_type::opt) {
                // RFC 6891 §6.1.3: the TTL field's top byte extends the header RCODE.
                if (section == Section::additional && !m_seen_opt) m_rcode |= static_cast<uint16_t>((ttl >> 24) << 4);
                m_seen_opt = true;
                continue;
            }
            if (section == Section::additional) continue;
            record.type = rr_type_name(type);
            record.ttl = ttl;
            format_rdata(m_message, rdata_offset, rdlength, type, record);
            m_presentation_bytes += record.name.size() + record.data.size();
            for (const std::string& s : record.txt) m_presentation_bytes += s.size();
            if (m_presentation_bytes > k_max_presentation_bytes) {
                m_error = DnsMessageError{where + ": records too large when printed", record_offset};
                return false;
            }
            (section == Section::answer ? m_answer.answer : m_answer.authority).push_back(std::move(record));
        }
        return true;
    }

    std::span<const uint8_t> m_message;
    WireReader m_in;
    facts::DnsAnswer m_answer;
    DnsMessageError m_error;
    uint16_t m_rcode = 0;
    bool m_truncated = false;
    bool m_stopped = false;  // a truncated response ended early
    bool m_seen_opt = false;
    size_t m_presentation_bytes = 0;
};
}  // namespace

std::string rcode_name(uint16_t rcode) {
    switch (rcode) {
        case 0: return "NOERROR";
        case 1: return "FORMERR";
        case 2: return "SERVFAIL";
        case 3: return "NXDOMAIN";
        case 4: return "NOTIMP";
        case 5: return "REFUSED";
        case 6: return "YXDOMAIN";
        case 7: return "YXRRSET";
        case 8: return "NXRRSET";
        case 9: return "NOTAUTH";
        case 10: return "NOTZONE";
        case 11: return "DSOTYPENI";
        case 16: return "BADVERS";
        case 23: return "BADCOOKIE";
        default: return "RCODE" + std::to_string(rcode);
    }
}

DnsMessageResult parse_dns_response(std::span<const uint8_t> message) { return ResponseParser(message).parse(); }

}  // namespace osescan::engine::dns
