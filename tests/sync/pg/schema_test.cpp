// One description, two schemas that cannot drift: the live SQLite and PostgreSQL schemas are read
// back from each database and compared table by table, column by column and index by index; a
// SQLite database made by the server before the rulebook (schema 1) migrates to the same schema,
// keeps its figures, and is refused, unchanged, when an overflow had broken its rollups.
#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <pqxx/pqxx>
#include <set>
#include <sstream>

#include "store_backends.hpp"
#include "store_sql.hpp"

namespace pameran::sync {
namespace {

using namespace pameran::sync::testing;

// The schema 1 that pameran-server wrote into every SQLite database before the rulebook, as it was.
constexpr const char* kSqliteSchema1 = R"SQL(
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  venue TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL DEFAULT '',
  end_date TEXT NOT NULL DEFAULT '',
  tz_offset_minutes INTEGER NOT NULL DEFAULT 420 CHECK (tz_offset_minutes BETWEEN -720 AND 840),
  cutoff_hour INTEGER NOT NULL DEFAULT 0 CHECK (cutoff_hour BETWEEN 0 AND 23),
  open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
  organizer_qris TEXT NOT NULL DEFAULT '',
  qris_via_organizer INTEGER NOT NULL DEFAULT 0,
  catalog_version INTEGER NOT NULL DEFAULT 1,
  sales_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  closed_at INTEGER
);
CREATE TABLE vendors(
  event_id INTEGER NOT NULL REFERENCES events(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  sector TEXT NOT NULL CHECK (sector IN ('fesyen', 'kriya', 'kuliner')),
  owner TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  qris TEXT NOT NULL DEFAULT '',
  commission_bp INTEGER NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),
  PRIMARY KEY (event_id, code)
);
CREATE TABLE products(
  event_id INTEGER NOT NULL,
  sku TEXT NOT NULL,
  barcode TEXT NOT NULL DEFAULT '',
  vendor_code TEXT NOT NULL,
  name TEXT NOT NULL,
  price_idr INTEGER NOT NULL CHECK (price_idr >= 0),
  stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  low_stock INTEGER NOT NULL DEFAULT 0 CHECK (low_stock >= 0),
  PRIMARY KEY (event_id, sku),
  FOREIGN KEY (event_id, vendor_code) REFERENCES vendors(event_id, code)
);
CREATE TABLE devices(
  id TEXT PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  booth TEXT NOT NULL DEFAULT '',
  vendor_code TEXT NOT NULL DEFAULT '',
  enroll_code_hash TEXT NOT NULL UNIQUE,
  enroll_expires_at INTEGER NOT NULL,
  enrolled_at INTEGER,
  kiosk_name TEXT NOT NULL DEFAULT '',
  token_hash TEXT UNIQUE,
  revoked_at INTEGER,
  created_at INTEGER NOT NULL,
  last_upload_at INTEGER,
  max_seq INTEGER NOT NULL DEFAULT 0,
  sales_count INTEGER NOT NULL DEFAULT 0,
  refunds_count INTEGER NOT NULL DEFAULT 0,
  shifts_count INTEGER NOT NULL DEFAULT 0,
  late_count INTEGER NOT NULL DEFAULT 0,
  seq_collisions INTEGER NOT NULL DEFAULT 0,
  UNIQUE (event_id, code)
);
CREATE TABLE device_seq_ranges(
  device_id TEXT NOT NULL REFERENCES devices(id),
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL CHECK (last_seq >= first_seq),
  PRIMARY KEY (device_id, first_seq)
) WITHOUT ROWID;
CREATE TABLE tokens(
  id INTEGER PRIMARY KEY,
  role TEXT NOT NULL CHECK (role = 'organizer'),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE sales(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  event_id INTEGER NOT NULL REFERENCES events(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  receipt_no TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  total_idr INTEGER NOT NULL CHECK (total_idr >= 0),
  late INTEGER NOT NULL DEFAULT 0,
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE refunds(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  sale_uuid TEXT NOT NULL REFERENCES sales(uuid),
  event_id INTEGER NOT NULL REFERENCES events(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  is_void INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  total_idr INTEGER NOT NULL CHECK (total_idr >= 0),
  late INTEGER NOT NULL DEFAULT 0,
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX refunds_by_sale ON refunds(sale_uuid);
CREATE TABLE shift_closes(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  event_id INTEGER NOT NULL REFERENCES events(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  received_at INTEGER NOT NULL,
  late INTEGER NOT NULL DEFAULT 0,
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE rollup_cells(
  event_id INTEGER NOT NULL REFERENCES events(id),
  vendor_code TEXT NOT NULL,
  sector TEXT NOT NULL,
  date TEXT NOT NULL,
  hour INTEGER NOT NULL,
  sales_count INTEGER NOT NULL,
  items INTEGER NOT NULL,
  gross_idr INTEGER NOT NULL,
  discount_idr INTEGER NOT NULL,
  refund_idr INTEGER NOT NULL,
  PRIMARY KEY (event_id, vendor_code, sector, date, hour)
) WITHOUT ROWID;
CREATE TABLE rollup_payments(
  event_id INTEGER NOT NULL REFERENCES events(id),
  method TEXT NOT NULL,
  amount_idr INTEGER NOT NULL,
  PRIMARY KEY (event_id, method)
) WITHOUT ROWID;
CREATE TABLE rollup_direct(
  event_id INTEGER NOT NULL REFERENCES events(id),
  vendor_code TEXT NOT NULL,
  paid_direct_idr INTEGER NOT NULL,
  PRIMARY KEY (event_id, vendor_code)
) WITHOUT ROWID;
)SQL";

// A schema as both databases can state it: per table, its columns (kind of value, NOT NULL), its
// primary key, and its indexes (columns, unique), written out in order so two can be diffed.
struct Table {
  std::map<std::string, std::string> columns;  // name -> "number|text[ not null]"
  std::string primaryKey;
  std::set<std::string> indexes;               // "unique (a,b)" or "(a)"
};
using Schema = std::map<std::string, Table>;

std::string dump(const Schema& schema) {
  std::ostringstream out;
  for (const auto& [name, t] : schema) {
    out << "table " << name << " primary key (" << t.primaryKey << ")\n";
    for (const auto& [c, kind] : t.columns) out << "  column " << c << " " << kind << "\n";
    for (const std::string& i : t.indexes) out << "  index " << i << "\n";
  }
  return out.str();
}

std::string kindOf(std::string type) {
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type == "integer" || type == "bigint" || type == "boolean") return "number";  // a flag is a number in SQLite
  if (type == "text") return "text";
  return "other:" + type;
}

Schema sqliteSchema(const std::string& path) {
  SQLite::Database db(path);
  Schema out;
  SQLite::Statement tables(db, "SELECT name, wr FROM pragma_table_list WHERE type = 'table' AND schema = 'main' AND name NOT LIKE 'sqlite_%'");
  while (tables.executeStep()) {
    const std::string name = tables.getColumn(0).getString();
    const bool withoutRowid = tables.getColumn(1).getInt() != 0;
    Table& t = out[name];
    std::vector<std::pair<int, std::string>> pk;
    bool integerKey = false;
    SQLite::Statement cols(db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)");
    cols.bind(1, name);
    while (cols.executeStep()) {
      const int pkAt = cols.getColumn(3).getInt();
      const std::string type = cols.getColumn(1).getString();
      const bool notNull = cols.getColumn(2).getInt() != 0 || pkAt > 0;  // a key is never NULL
      t.columns[cols.getColumn(0).getString()] = kindOf(type) + (notNull ? " not null" : "");
      if (pkAt > 0) pk.emplace_back(pkAt, cols.getColumn(0).getString());
      if (pkAt > 0) integerKey = type == "INTEGER";
    }
    std::sort(pk.begin(), pk.end());
    for (const auto& [at, c] : pk) t.primaryKey += (t.primaryKey.empty() ? "" : ",") + c;
    // An INTEGER PRIMARY KEY is the rowid: indexed, without an index of its own.
    if (!withoutRowid && pk.size() == 1 && integerKey) t.indexes.insert("unique (" + pk[0].second + ")");
    SQLite::Statement indexes(db, "SELECT name, \"unique\" FROM pragma_index_list(?)");
    indexes.bind(1, name);
    while (indexes.executeStep()) {
      SQLite::Statement ic(db, "SELECT name FROM pragma_index_info(?) ORDER BY seqno");
      ic.bind(1, indexes.getColumn(0).getString());
      std::string columns;
      while (ic.executeStep()) columns += (columns.empty() ? "" : ",") + ic.getColumn(0).getString();
      t.indexes.insert(std::string(indexes.getColumn(1).getInt() ? "unique " : "") + "(" + columns + ")");
    }
  }
  return out;
}

Schema pgSchema(const std::string& uri) {
  pqxx::connection c(uri);
  pqxx::nontransaction n(c);
  Schema out;
  for (const pqxx::row& r : n.exec("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'")) {
    const std::string name = r[0].as<std::string>();
    Table& t = out[name];
    for (const pqxx::row& col : n.exec_params("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                                              "WHERE table_schema = 'public' AND table_name = $1",
                                              name))
      t.columns[col[0].as<std::string>()] = kindOf(col[1].as<std::string>()) + (col[2].as<std::string>() == "NO" ? " not null" : "");
    for (const pqxx::row& ix : n.exec_params(
             "SELECT i.indisprimary, i.indisunique, array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY "
             "AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord), ',') "
             "FROM pg_index i WHERE i.indrelid = $1::regclass",
             name)) {
      if (ix[0].as<bool>()) t.primaryKey = ix[2].as<std::string>();
      t.indexes.insert(std::string(ix[1].as<bool>() ? "unique " : "") + "(" + ix[2].as<std::string>() + ")");
    }
  }
  return out;
}

TEST(Schema, BothStoresHaveTheSameTablesColumnsKeysAndIndexes) {
  TempDir dir;
  std::string sqlitePath, pgUri;
  auto sqlite = openEmptyStore(Backend::Sqlite, dir, &sqlitePath);
  auto pg = openEmptyStore(Backend::Postgres, dir, &pgUri);
  const Schema a = sqliteSchema(sqlitePath);
  const Schema b = pgSchema(pgUri);
  EXPECT_GE(a.size(), 13u);
  EXPECT_EQ(dump(a), dump(b));
  EXPECT_EQ(a.at("known_products").primaryKey, "event_id,sku,vendor_code");
  EXPECT_EQ(b.at("tokens").indexes.count("(name)"), 1u);
}

// A schema 1 database with one sale's worth of figures, as the server before the rulebook left it.
std::string makeSchema1(const TempDir& dir, const std::string& brokenValue = "") {
  const std::string path = dir.file("old-" + core::randomHex(3) + ".db");
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(kSqliteSchema1);
  db.exec("PRAGMA user_version = 1");
  db.exec(std::string("INSERT INTO events(code, name, created_at, sales_count) VALUES('") + kEvent + "', 'Lama', 1, 1)");
  for (const auto& v : demoCatalog().vendors)
    db.exec("INSERT INTO vendors(event_id, code, name, sector) VALUES(1, '" + v.code + "', '" + v.name + "', '" +
            std::string(core::toString(v.sector)) + "')");
  for (const auto& p : demoCatalog().products)
    db.exec("INSERT INTO products(event_id, sku, vendor_code, name, price_idr) VALUES(1, '" + p.sku + "', '" + p.vendorCode + "', '" +
            p.name + "', " + std::to_string(p.priceIdr) + ")");
  db.exec("INSERT INTO rollup_cells VALUES(1, 'V01', 'fesyen', '2026-11-18', 19, 1, 2, " +
          (brokenValue.empty() ? std::string("50000") : brokenValue) + ", 0, 0)");
  db.exec("INSERT INTO rollup_payments VALUES(1, 'cash', 50000)");
  return path;
}

TEST(Schema, ASchema1SqliteDatabaseMigratesToTheSameSchemaAndKeepsItsFigures) {
  TempDir dir;
  const std::string old = makeSchema1(dir);
  auto store = openSqliteStore(old);
  ASSERT_TRUE(store) << store.error().message;
  const auto report = (*store)->report(kEvent);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->gross.idr(), 50'000);
  EXPECT_EQ(report->salesCount, 1);
  std::string fresh;
  auto made = openEmptyStore(Backend::Sqlite, dir, &fresh);
  EXPECT_EQ(dump(sqliteSchema(old)), dump(sqliteSchema(fresh)));
  SQLite::Database db(old);
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), sql::kSchemaVersion);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM pragma_table_list WHERE name LIKE 'rollup_%' AND strict = 1").getInt(), 7);
  EXPECT_EQ(db.execAndGet("SELECT gross_idr FROM events").getInt64(), 50'000);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM known_products").getInt(), 3);
  EXPECT_THROW(db.exec("UPDATE rollup_cells SET gross_idr = 1.5"), SQLite::Exception) << "integers only";
  EXPECT_THROW(db.exec("UPDATE rollup_cells SET gross_idr = gross_idr + 9223372036854775807"), SQLite::Exception)
      << "an overflow fails instead of turning into floating point";
}

TEST(Schema, ASchema1DatabaseWhoseRollupsOverflowedIsRefusedAndLeftAsItWas) {
  TempDir dir;
  const std::string old = makeSchema1(dir, "9.3e18");
  auto store = openSqliteStore(old);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("no longer whole numbers"), std::string::npos) << store.error().message;
  SQLite::Database db(old);
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'known_products'").getInt(), 0);
}

}  // namespace
}  // namespace pameran::sync
