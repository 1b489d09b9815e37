#pragma once
// QRIS (EMVCo merchant-presented) payloads: parse, validate, static-to-dynamic. See shared/QRIS.md.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pameran/core/error.hpp"
#include "pameran/core/money.hpp"

namespace pameran::core {

struct Tlv {
  std::string id;                 // two digits
  std::string value;
  std::vector<Tlv> children;      // parsed for templates 26-51 and 62
};

/// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): "123456789" -> 0x29B1.
std::uint16_t crc16Ccitt(std::string_view data);
/// Four uppercase hex digits, zero-padded.
std::string crcHex(std::uint16_t crc);

/// Parses TLVs; fails on bad lengths, non-digit ids or lengths, bytes outside printable ASCII.
Result<std::vector<Tlv>> parseTlv(std::string_view payload);

struct QrisInfo {
  std::string merchantName;       // 59
  std::string merchantCity;       // 60
  std::string nmid;               // 51.02
  bool isStatic = true;           // 01 == 11
  std::int64_t amount = 0;        // 54, dynamic only
};

/// Validates a QRIS payload: TLV structure, 00 first and 63 last, CRC, 51.00 ID.CO.QRIS.WWW,
/// 53 = 360, 58 = ID. Returns what a cashier should see.
Result<QrisInfo> inspectQris(std::string_view payload);

/// Turns a valid static QRIS into a dynamic one for `amount` (> 0): 01 := 12, 54-57 dropped,
/// 54 := amount, ascending ids, new CRC. `terminalLabel` non-empty adds 62.07 (some issuers reject
/// added fields, so callers make it a setting).
Result<std::string> makeDynamicQris(std::string_view staticPayload, Rupiah amount, std::string_view terminalLabel = {});

/// A synthetic static QRIS with a correct CRC, for demo vendors: merchant name (cut to 25),
/// city (cut to 15), NMID `ID` + 13 digits derived from `seed`.
std::string makeDemoStaticQris(std::string_view merchantName, std::string_view city, std::uint32_t seed);

}  // namespace pameran::core
