// The audit chain rules of the rulebook (store_rules.hpp), the same for both stores: what a
// device's uploaded audit log says about itself (PROTOCOL.md 4.4).
#include "pameran/sync/store_rules.hpp"

#include <algorithm>

namespace pameran::sync::rules {

AuditChain advanceAudit(AuditChain chain, std::span<const core::AuditEntry> after) {
  for (const core::AuditEntry& e : after) {
    chain.highest = std::max(chain.highest, e.id);
    if (e.id != chain.held + 1) continue;  // past a gap (or a repeat): it waits
    const std::string& prev = chain.held == 0 ? core::auditGenesisHash() : chain.heldHash;
    if (chain.firstBad == 0 && (e.prevHash != prev || e.hash != core::auditHash(e))) chain.firstBad = e.id;
    chain.held = e.id;
    chain.heldHash = e.hash;
  }
  return chain;
}

std::string_view auditState(const AuditChain& chain) {
  if (chain.firstBad > 0) return "broken";
  if (chain.held == 0 || chain.highest > chain.held) return "unknown";
  return "ok";
}

bool sameAuditEntry(const core::AuditEntry& a, const core::AuditEntry& b) {
  return a.id == b.id && a.at == b.at && a.staff == b.staff && a.action == b.action && a.subject == b.subject &&
         a.reason == b.reason && a.details == b.details && a.prevHash == b.prevHash && a.hash == b.hash;
}

}  // namespace pameran::sync::rules
