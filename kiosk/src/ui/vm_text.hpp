#pragma once
// Small formatting helpers the view-model builders share (private to pameran_kiosk_ui).
#include <string>

#include "pameran/core/domain.hpp"
#include "pameran/core/money.hpp"
#include "pameran/core/time.hpp"
#include "pameran/kiosk/text.hpp"

namespace pameran::kiosk::vm {

inline std::string money(core::Rupiah r) { return core::formatRupiah(r); }
inline std::string num(std::int64_t n) { return core::formatThousands(n); }
inline std::string dateTime(core::EpochMs at, int tz) { return core::localDateTime(at, tz); }

inline T sectorText(core::Sector s) {
  switch (s) {
    case core::Sector::Fesyen: return T::SectorFesyen;
    case core::Sector::Kriya: return T::SectorKriya;
    case core::Sector::Kuliner: return T::SectorKuliner;
  }
  return T::SectorKriya;
}

}  // namespace pameran::kiosk::vm
