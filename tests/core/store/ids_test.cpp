// P4: sale ids are random version-4 UUIDs; sequence numbers are gap-free and made in the sale's
// transaction (the crash test checks them after every kill -9).
#include <array>
#include <set>
#include <unordered_set>

#include "pameran/core/ids.hpp"
#include "store_fixture.hpp"

namespace pameran::test {
namespace {

TEST(Ids, HundredThousandUuidsAreWellFormedVersion4AndDistinct) {
  std::unordered_set<std::string> seen;
  seen.reserve(100'000);
  std::array<int, 16> nibbleAt15{};
  for (int i = 0; i < 100'000; ++i) {
    const std::string id = newUuid();
    ASSERT_EQ(id.size(), 36u);
    ASSERT_TRUE(isUuid(id)) << id;
    ASSERT_EQ(id[8], '-');
    ASSERT_EQ(id[13], '-');
    ASSERT_EQ(id[18], '-');
    ASSERT_EQ(id[23], '-');
    ASSERT_EQ(id[14], '4') << "version 4: " << id;
    ASSERT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << "RFC 4122 variant: " << id;
    for (char c : id) ASSERT_TRUE(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << "lowercase: " << id;
    ASSERT_TRUE(seen.insert(id).second) << "duplicate " << id;
    const char c = id[15];
    ++nibbleAt15[static_cast<std::size_t>(c <= '9' ? c - '0' : c - 'a' + 10)];
  }
  // A random hex digit takes each of its 16 values about 6250 times in 100000 draws.
  for (int n : nibbleAt15) {
    EXPECT_GT(n, 5'500);
    EXPECT_LT(n, 7'000);
  }
}

TEST(Ids, UuidCheckAcceptsOnlyTheCanonicalForm) {
  EXPECT_TRUE(isUuid("0b7e5a1c-3f7d-4c2a-9e1b-2a4d6c8e0f12"));
  EXPECT_TRUE(isUuid("0B7E5A1C-3F7D-4C2A-9E1B-2A4D6C8E0F12"));
  EXPECT_FALSE(isUuid("0b7e5a1c3f7d4c2a9e1b2a4d6c8e0f12"));
  EXPECT_FALSE(isUuid("0b7e5a1c-3f7d-4c2a-9e1b-2a4d6c8e0f1"));
  EXPECT_FALSE(isUuid("0b7e5a1c-3f7d-4c2a-9e1b-2a4d6c8e0f12 "));
  EXPECT_FALSE(isUuid("0b7e5a1c-3f7d-4c2a-9e1b_2a4d6c8e0f12"));
  EXPECT_FALSE(isUuid("0g7e5a1c-3f7d-4c2a-9e1b-2a4d6c8e0f12"));
  EXPECT_FALSE(isUuid(""));
}

TEST(Ids, RandomHexAndSha256HaveTheirLengths) {
  EXPECT_EQ(randomHex(16).size(), 32u);
  EXPECT_NE(randomHex(16), randomHex(16));
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

using SequenceTest = StoreTest;

TEST_F(SequenceTest, SequenceSurvivesRestartsAndIsNeverReused) {
  ASSERT_TRUE(s().settings().set(settings::kAllowOversell, "1"));
  std::set<std::string> uuids;
  std::int64_t expected = 0;
  for (int restart = 0; restart < 3; ++restart) {
    for (int i = 0; i < 10; ++i) {
      const SaleRecord sale = sell({{"KUL-01", 1}});
      EXPECT_EQ(sale.seq, ++expected);
      EXPECT_TRUE(uuids.insert(sale.uuid).second);
    }
    // A refused sale in between takes no number.
    SaleDraft bad = cashDraft(cart({{"KUL-01", 1}}));
    bad.tenders.clear();
    EXPECT_FALSE(s().sales().commit(bad));
    reopen();
  }
  EXPECT_EQ(s().settings().device().lastSeq, 30);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sale"), 30);
  EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT seq FROM sale ORDER BY seq) WHERE seq NOT BETWEEN 1 AND 30"), 0);
}

TEST_F(SequenceTest, TwoConnectionsSellingTakeDistinctNumbers) {
  auto other = Store::open(dbPath, options());
  ASSERT_TRUE(other);
  ASSERT_TRUE(s().settings().set(settings::kAllowOversell, "1"));
  std::set<std::int64_t> seqs;
  for (int i = 0; i < 10; ++i) {
    seqs.insert(sell({{"KRY-02", 1}}).seq);
    auto sale = (*other)->sales().commit(cashDraft(cart({{"KRY-02", 1}})));
    ASSERT_TRUE(sale) << sale.error().message;
    seqs.insert(sale->seq);
  }
  EXPECT_EQ(seqs.size(), 20u);
  EXPECT_EQ(*seqs.begin(), 1);
  EXPECT_EQ(*seqs.rbegin(), 20);
}

}  // namespace
}  // namespace pameran::test
