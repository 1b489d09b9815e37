// libFuzzer target over the upload decoder (parse + validate), the way the server meets a body.
// Invariants: decoding never crashes or throws; a record that decodes re-encodes to a canonical
// form that decodes to the same canonical form (the hash the server compares is stable); the
// protocol's own JSON parser reads every text exactly as nlohmann::json does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "../sync/json_agreement.hpp"
#include "pameran/sync/protocol.hpp"

namespace {

template <class T, class Encode, class Decode>
void checkStable(const T& record, Encode encode, Decode decode) {
  const std::string once = encode(record);
  auto again = decode(once);
  if (!again) std::abort();                    // our own canonical output must always decode
  if (encode(*again) != once) std::abort();    // and be a fixed point
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  namespace sync = pameran::sync;
  if (!sync::testing::jsonDisagreement(body).empty()) std::abort();
  const sync::DecodeBatchResult r = sync::decodeBatch(body);
  if (r.batch) {
    for (const auto& s : r.batch->sales)
      if (s.record) checkStable(*s.record, [](const auto& x) { return sync::encodeSale(x); },
                                [](std::string_view t) { return sync::decodeSale(t); });
    for (const auto& x : r.batch->refunds)
      if (x.record) checkStable(*x.record, [](const auto& v) { return sync::encodeRefund(v); },
                                [](std::string_view t) { return sync::decodeRefund(t); });
    for (const auto& x : r.batch->shiftCloses)
      if (x.record) checkStable(*x.record, [](const auto& v) { return sync::encodeShift(v); },
                                [](std::string_view t) { return sync::decodeShift(t); });
  } else if (r.failure.message.empty()) {
    std::abort();  // every refusal carries a reason
  }
  // The other decoders a server or client meets.
  (void)sync::decodeEnrollRequest(body);
  (void)sync::decodeBatchResponse(body);
  (void)sync::decodeCatalog(body);
  return 0;
}
