// Schema migrations, keyed by PRAGMA user_version. Each runs in its own transaction together with
// the version bump, so a kill -9 leaves the database at the old or the new version, never between.
// A migration never regenerates ids: tables are rebuilt with INSERT ... SELECT of every column.
#include "schema.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace pameran::core::detail {
namespace {

constexpr const char* kV1 = R"SQL(
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE device_counter (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL CHECK (last_seq >= 0)
);
INSERT INTO device_counter (id, last_seq) VALUES (1, 0);

CREATE TABLE event (
  id                 INTEGER PRIMARY KEY,
  code               TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  name               TEXT NOT NULL CHECK (length(name) >= 1),
  venue              TEXT NOT NULL DEFAULT '',
  start_date         TEXT NOT NULL DEFAULT '',
  end_date           TEXT NOT NULL DEFAULT '',
  tz_offset_min      INTEGER NOT NULL DEFAULT 420 CHECK (tz_offset_min BETWEEN -720 AND 840),
  cutoff_hour        INTEGER NOT NULL DEFAULT 0 CHECK (cutoff_hour BETWEEN 0 AND 23),
  is_open            INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1)),
  organizer_qris     TEXT NOT NULL DEFAULT '',
  qris_via_organizer INTEGER NOT NULL DEFAULT 0 CHECK (qris_via_organizer IN (0, 1))
);

CREATE TABLE vendor (
  id     INTEGER PRIMARY KEY,
  code   TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  name   TEXT NOT NULL CHECK (length(name) >= 1),
  sector TEXT NOT NULL CHECK (sector IN ('fesyen', 'kriya', 'kuliner')),
  owner  TEXT NOT NULL DEFAULT '',
  phone  TEXT NOT NULL DEFAULT '',
  qris   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE event_vendor (
  event_id      INTEGER NOT NULL REFERENCES event (id),
  vendor_id     INTEGER NOT NULL REFERENCES vendor (id),
  commission_bp INTEGER NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),
  PRIMARY KEY (event_id, vendor_id)
) WITHOUT ROWID;

CREATE TABLE product (
  id        INTEGER PRIMARY KEY,
  sku       TEXT NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 32),
  barcode   TEXT UNIQUE CHECK (barcode IS NULL OR length(barcode) BETWEEN 1 AND 32),
  vendor_id INTEGER NOT NULL REFERENCES vendor (id),
  name      TEXT NOT NULL CHECK (length(name) >= 1),
  price_idr INTEGER NOT NULL CHECK (typeof(price_idr) = 'integer' AND price_idr BETWEEN 0 AND 1000000000000000),
  unit      TEXT NOT NULL DEFAULT 'pcs',
  active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX product_vendor ON product (vendor_id);

CREATE TABLE stock_level (
  event_id   INTEGER NOT NULL REFERENCES event (id),
  product_id INTEGER NOT NULL REFERENCES product (id),
  on_hand    INTEGER NOT NULL CHECK (typeof(on_hand) = 'integer' AND on_hand BETWEEN -1000000000 AND 1000000000),
  low_stock  INTEGER NOT NULL DEFAULT 0 CHECK (low_stock BETWEEN 0 AND 1000000000),
  PRIMARY KEY (event_id, product_id)
) WITHOUT ROWID;

CREATE TABLE stock_movement (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES event (id),
  product_id INTEGER NOT NULL REFERENCES product (id),
  kind       TEXT NOT NULL CHECK (kind IN ('intake', 'sale', 'refund', 'adjustment', 'return', 'void')),
  quantity   INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity <> 0 AND quantity BETWEEN -1000000000 AND 1000000000),
  reason     TEXT NOT NULL DEFAULT '',
  staff      TEXT NOT NULL DEFAULT '',
  at_ms      INTEGER NOT NULL,
  reference  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stock_movement_product ON stock_movement (event_id, product_id);

CREATE TABLE staff (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  role          TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'organizer')),
  pin_hash      TEXT NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms INTEGER NOT NULL
);

CREATE TABLE pin_lockout (
  scope           TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL CHECK (failures >= 0),
  locked_until_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE shift (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
  event_id     INTEGER NOT NULL REFERENCES event (id),
  opened_at_ms INTEGER NOT NULL,
  opened_by    TEXT NOT NULL,
  float_idr    INTEGER NOT NULL CHECK (float_idr BETWEEN 0 AND 1000000000000000),
  closed_at_ms INTEGER,
  closed_by    TEXT,
  counted_idr  INTEGER CHECK (counted_idr IS NULL OR counted_idr BETWEEN 0 AND 1000000000000000),
  counts       TEXT  -- "denomination:pieces,..." of the closing count
);
CREATE UNIQUE INDEX shift_one_open ON shift (event_id) WHERE closed_at_ms IS NULL;

CREATE TABLE cash_movement (
  id         INTEGER PRIMARY KEY,
  shift_id   INTEGER NOT NULL REFERENCES shift (id),
  direction  TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  amount_idr INTEGER NOT NULL CHECK (typeof(amount_idr) = 'integer' AND amount_idr BETWEEN 1 AND 1000000000000000),
  reason     TEXT NOT NULL CHECK (length(reason) >= 1),
  staff      TEXT NOT NULL,
  at_ms      INTEGER NOT NULL
);

CREATE TABLE sale (
  id                INTEGER PRIMARY KEY,
  uuid              TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
  seq               INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
  receipt_no        TEXT NOT NULL UNIQUE,
  event_id          INTEGER NOT NULL REFERENCES event (id),
  shift_id          INTEGER REFERENCES shift (id),
  device_id         TEXT NOT NULL,
  device_code       TEXT NOT NULL,
  booth_vendor_code TEXT NOT NULL DEFAULT '',
  created_at_ms     INTEGER NOT NULL,
  cashier           TEXT NOT NULL,
  approved_by       TEXT NOT NULL DEFAULT '',
  items             INTEGER NOT NULL CHECK (items >= 1),
  gross_idr         INTEGER NOT NULL CHECK (typeof(gross_idr) = 'integer' AND gross_idr BETWEEN 0 AND 1000000000000000),
  discount_idr      INTEGER NOT NULL CHECK (discount_idr BETWEEN 0 AND gross_idr),
  total_idr         INTEGER NOT NULL CHECK (total_idr = gross_idr - discount_idr),
  change_idr        INTEGER NOT NULL CHECK (change_idr >= 0),
  refunded_idr      INTEGER NOT NULL DEFAULT 0 CHECK (refunded_idr BETWEEN 0 AND total_idr),
  voided            INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1))
);
CREATE INDEX sale_event_time ON sale (event_id, created_at_ms);

CREATE TABLE sale_line (
  sale_id           INTEGER NOT NULL REFERENCES sale (id),
  line_no           INTEGER NOT NULL CHECK (line_no >= 1),
  product_id        INTEGER REFERENCES product (id),
  sku               TEXT NOT NULL,
  barcode           TEXT NOT NULL DEFAULT '',
  name              TEXT NOT NULL,
  vendor_code       TEXT NOT NULL,
  vendor_name       TEXT NOT NULL,
  sector            TEXT NOT NULL CHECK (sector IN ('fesyen', 'kriya', 'kuliner')),
  list_price_idr    INTEGER NOT NULL CHECK (list_price_idr >= 0),
  unit_price_idr    INTEGER NOT NULL CHECK (typeof(unit_price_idr) = 'integer' AND unit_price_idr >= 0),
  quantity          INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity BETWEEN 1 AND 100000),
  gross_idr         INTEGER NOT NULL CHECK (gross_idr = unit_price_idr * quantity),
  line_discount_idr INTEGER NOT NULL CHECK (line_discount_idr >= 0),
  cart_discount_idr INTEGER NOT NULL CHECK (cart_discount_idr >= 0),
  net_idr           INTEGER NOT NULL CHECK (net_idr = gross_idr - line_discount_idr - cart_discount_idr AND net_idr >= 0),
  refunded_qty      INTEGER NOT NULL DEFAULT 0 CHECK (refunded_qty BETWEEN 0 AND quantity),
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE sale_payment (
  sale_id      INTEGER NOT NULL REFERENCES sale (id),
  idx          INTEGER NOT NULL CHECK (idx >= 1),
  method       TEXT NOT NULL CHECK (method IN ('cash', 'qris', 'card', 'transfer', 'ewallet')),
  amount_idr   INTEGER NOT NULL CHECK (typeof(amount_idr) = 'integer' AND amount_idr >= 1),
  tendered_idr INTEGER NOT NULL CHECK (tendered_idr >= 0),
  change_idr   INTEGER NOT NULL CHECK (change_idr >= 0),
  reference    TEXT NOT NULL DEFAULT '',
  account      TEXT NOT NULL DEFAULT '' CHECK (account IN ('', 'vendor', 'organizer')),
  vendor_code  TEXT NOT NULL DEFAULT '',
  confirmed_by TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (sale_id, idx)
) WITHOUT ROWID;

CREATE TABLE refund (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
  sale_id       INTEGER NOT NULL REFERENCES sale (id),
  shift_id      INTEGER REFERENCES shift (id),
  is_void       INTEGER NOT NULL CHECK (is_void IN (0, 1)),
  reason        TEXT NOT NULL CHECK (length(reason) >= 1),
  staff         TEXT NOT NULL,
  approved_by   TEXT NOT NULL CHECK (length(approved_by) >= 1),
  method        TEXT NOT NULL CHECK (method IN ('cash', 'qris', 'card', 'transfer', 'ewallet')),
  total_idr     INTEGER NOT NULL CHECK (typeof(total_idr) = 'integer' AND total_idr >= 0),
  created_at_ms INTEGER NOT NULL
);
CREATE INDEX refund_sale ON refund (sale_id);

CREATE TABLE refund_line (
  refund_id  INTEGER NOT NULL REFERENCES refund (id),
  line_no    INTEGER NOT NULL,
  quantity   INTEGER NOT NULL CHECK (quantity >= 1),
  amount_idr INTEGER NOT NULL CHECK (amount_idr >= 0),
  restock    INTEGER NOT NULL CHECK (restock IN (0, 1)),
  PRIMARY KEY (refund_id, line_no)
) WITHOUT ROWID;

CREATE TABLE outbox (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'shift_close')),
  uuid          TEXT NOT NULL CHECK (length(uuid) = 36),
  state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'synced', 'quarantined')),
  created_at_ms INTEGER NOT NULL,
  synced_at_ms  INTEGER,
  attempts      INTEGER NOT NULL DEFAULT 0,
  reason        TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, uuid)
);
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';

CREATE TABLE rollup_cell (
  event_id     INTEGER NOT NULL REFERENCES event (id),
  vendor_code  TEXT NOT NULL,
  date         TEXT NOT NULL,
  hour         INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  sector       TEXT NOT NULL,
  sales_count  INTEGER NOT NULL,
  items        INTEGER NOT NULL,
  gross_idr    INTEGER NOT NULL,
  discount_idr INTEGER NOT NULL,
  refund_idr   INTEGER NOT NULL,
  PRIMARY KEY (event_id, vendor_code, date, hour)
) WITHOUT ROWID;

CREATE TABLE rollup_payment (
  event_id   INTEGER NOT NULL REFERENCES event (id),
  method     TEXT NOT NULL,
  amount_idr INTEGER NOT NULL,
  PRIMARY KEY (event_id, method)
) WITHOUT ROWID;

CREATE TABLE rollup_direct (
  event_id        INTEGER NOT NULL REFERENCES event (id),
  vendor_code     TEXT NOT NULL,
  paid_direct_idr INTEGER NOT NULL,
  PRIMARY KEY (event_id, vendor_code)
) WITHOUT ROWID;

CREATE TABLE rollup_event (
  event_id    INTEGER PRIMARY KEY REFERENCES event (id),
  sales_count INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at_ms     INTEGER NOT NULL,
  staff     TEXT NOT NULL,
  action    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  reason    TEXT NOT NULL,
  details   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);

-- Append-only history: sales, refunds and the audit log are never changed away or deleted.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER sale_no_delete BEFORE DELETE ON sale BEGIN SELECT RAISE(ABORT, 'sales are never deleted'); END;
CREATE TRIGGER sale_line_no_delete BEFORE DELETE ON sale_line BEGIN SELECT RAISE(ABORT, 'sales are never deleted'); END;
CREATE TRIGGER refund_no_delete BEFORE DELETE ON refund BEGIN SELECT RAISE(ABORT, 'refunds are never deleted'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'the outbox is never emptied by deletion'); END;
CREATE TRIGGER sale_identity_fixed BEFORE UPDATE OF uuid, seq, receipt_no, total_idr, created_at_ms ON sale
  BEGIN SELECT RAISE(ABORT, 'a sale''s identity and total never change'); END;
)SQL";

// v2: held (parked) carts, and the outbox learns when it was last tried. The outbox is rebuilt
// to add its CHECK on attempts, keeping every id, uuid and state as they were.
constexpr const char* kV2 = R"SQL(
CREATE TABLE held_cart (
  id        INTEGER PRIMARY KEY,
  label     TEXT NOT NULL,
  at_ms     INTEGER NOT NULL,
  cart_json TEXT NOT NULL
);

DROP TRIGGER outbox_no_delete;
CREATE TABLE outbox_v2 (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'shift_close')),
  uuid            TEXT NOT NULL CHECK (length(uuid) = 36),
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'synced', 'quarantined')),
  created_at_ms   INTEGER NOT NULL,
  synced_at_ms    INTEGER,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_ms INTEGER,
  reason          TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, uuid)
);
INSERT INTO outbox_v2 (id, kind, uuid, state, created_at_ms, synced_at_ms, attempts, reason)
  SELECT id, kind, uuid, state, created_at_ms, synced_at_ms, attempts, reason FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'the outbox is never emptied by deletion'); END;
)SQL";

// v3: the CHECK constraints that list three or more values are rewritten as OR chains of the same
// meaning. SQLite evaluates `x IN ('a', 'b', 'c')` by building a temporary index every time the
// statement runs: a sale's commit built twelve of them, a third of its CPU. No row changes, so this
// is SQLite's documented writable_schema procedure for constraint edits that leave the file format
// alone (https://www.sqlite.org/lang_altertable.html#otheralter), checked by integrity_check.
constexpr std::pair<const char*, const char*> kV3Checks[] = {
    {"sector IN ('fesyen', 'kriya', 'kuliner')", "(sector = 'fesyen' OR sector = 'kriya' OR sector = 'kuliner')"},
    {"role IN ('cashier', 'supervisor', 'organizer')", "(role = 'cashier' OR role = 'supervisor' OR role = 'organizer')"},
    {"kind IN ('intake', 'sale', 'refund', 'adjustment', 'return', 'void')",
     "(kind = 'intake' OR kind = 'sale' OR kind = 'refund' OR kind = 'adjustment' OR kind = 'return' OR kind = 'void')"},
    {"method IN ('cash', 'qris', 'card', 'transfer', 'ewallet')",
     "(method = 'cash' OR method = 'qris' OR method = 'card' OR method = 'transfer' OR method = 'ewallet')"},
    {"account IN ('', 'vendor', 'organizer')", "(account = '' OR account = 'vendor' OR account = 'organizer')"},
    {"kind IN ('sale', 'refund', 'shift_close')", "(kind = 'sale' OR kind = 'refund' OR kind = 'shift_close')"},
    {"state IN ('pending', 'synced', 'quarantined')", "(state = 'pending' OR state = 'synced' OR state = 'quarantined')"},
};

void migrateV3(SQLite::Database& db) {
  const int schemaVersion = db.execAndGet("PRAGMA schema_version").getInt();
  db.exec("PRAGMA writable_schema = ON");
  for (const auto& [from, to] : kV3Checks) {
    SQLite::Statement up(db, "UPDATE sqlite_schema SET sql = replace(sql, ?1, ?2) WHERE type = 'table' AND instr(sql, ?1) > 0");
    up.bind(1, from);
    up.bind(2, to);
    up.exec();
  }
  db.exec("PRAGMA schema_version = " + std::to_string(schemaVersion + 1));
  db.exec("PRAGMA writable_schema = OFF");
  const std::string check = db.execAndGet("PRAGMA integrity_check").getString();
  if (check != "ok") throw std::runtime_error("integrity check after rewriting constraints: " + check);
}

// v4: PIN lockouts escalate and are counted on the machine's uptime, anchored in the database
// (the wall clock can be set back). The steady clock starts at 0 at the first open after the
// upgrade; a lock the old program set keeps what was left of it by the wall clock (at most the
// five minutes it lasted), counted from then.
constexpr const char* kV4 = R"SQL(
CREATE TABLE steady_clock (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  boot_id   TEXT NOT NULL,
  uptime_ms INTEGER NOT NULL CHECK (uptime_ms >= 0),
  steady_ms INTEGER NOT NULL CHECK (steady_ms >= 0),
  wall_ms   INTEGER NOT NULL
);
ALTER TABLE pin_lockout ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0);
ALTER TABLE pin_lockout ADD COLUMN last_failure_steady_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pin_lockout ADD COLUMN lock_ends_steady_ms INTEGER NOT NULL DEFAULT 0;
UPDATE pin_lockout
  SET lockouts = 1, lock_ends_steady_ms = MIN(300000, locked_until_ms - CAST(strftime('%s', 'now') AS INTEGER) * 1000)
  WHERE locked_until_ms > CAST(strftime('%s', 'now') AS INTEGER) * 1000;
)SQL";

// v5 (consignment): the stock movements that travel on their own (intake, adjustment, return to
// the vendor; a sale's or refund's travel inside it) get a random UUID, so they can sync exactly
// once; those already recorded get one now. (A custom-price sale line needs no column: it is the
// line without a product and with an empty SKU.)
constexpr const char* kV5 = R"SQL(
ALTER TABLE stock_movement ADD COLUMN uuid TEXT CHECK (uuid IS NULL OR length(uuid) = 36);
UPDATE stock_movement SET uuid =
  lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
  substr('89ab', 1 + abs(random() % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))
  WHERE kind = 'intake' OR kind = 'adjustment' OR kind = 'return';
CREATE UNIQUE INDEX stock_movement_uuid ON stock_movement (uuid) WHERE uuid IS NOT NULL;
)SQL";

// v6 (issue 11): the movements made at the booth that travel on their own sync like sales. Each
// gets a gap-free sequence number in the order it was recorded, and the outbox may carry them;
// those already recorded are numbered and queued now, so the server's ledger gets a kiosk's whole
// history. The stock a catalog import set is the catalog's, which the server counts from its own
// catalog: it loses the id v5 gave it and stays on the kiosk. The outbox is rebuilt (as in v2) to
// widen its kind CHECK, keeping every id, uuid and state.
constexpr const char* kV6 = R"SQL(
UPDATE stock_movement SET uuid = NULL WHERE reason = 'catalog import' AND (kind = 'intake' OR kind = 'adjustment');
ALTER TABLE stock_movement ADD COLUMN seq INTEGER CHECK (seq IS NULL OR seq >= 1);
UPDATE stock_movement SET seq =
  (SELECT COUNT(*) FROM stock_movement m WHERE m.uuid IS NOT NULL AND m.id <= stock_movement.id)
  WHERE uuid IS NOT NULL;
CREATE UNIQUE INDEX stock_movement_seq ON stock_movement (seq) WHERE seq IS NOT NULL;

DROP TRIGGER outbox_no_delete;
CREATE TABLE outbox_v6 (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind = 'sale' OR kind = 'refund' OR kind = 'shift_close' OR kind = 'stock_movement'),
  uuid            TEXT NOT NULL CHECK (length(uuid) = 36),
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR state = 'synced' OR state = 'quarantined'),
  created_at_ms   INTEGER NOT NULL,
  synced_at_ms    INTEGER,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_ms INTEGER,
  reason          TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, uuid)
);
INSERT INTO outbox_v6 (id, kind, uuid, state, created_at_ms, synced_at_ms, attempts, last_attempt_ms, reason)
  SELECT id, kind, uuid, state, created_at_ms, synced_at_ms, attempts, last_attempt_ms, reason FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v6 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'the outbox is never emptied by deletion'); END;
INSERT INTO outbox (kind, uuid, created_at_ms)
  SELECT 'stock_movement', uuid, at_ms FROM stock_movement WHERE uuid IS NOT NULL ORDER BY id;
)SQL";

using Migration = void (*)(SQLite::Database&);
const Migration kMigrations[] = {[](SQLite::Database& db) { db.exec(kV1); }, [](SQLite::Database& db) { db.exec(kV2); }, migrateV3,
                                 [](SQLite::Database& db) { db.exec(kV4); }, [](SQLite::Database& db) { db.exec(kV5); },
                                 [](SQLite::Database& db) { db.exec(kV6); }};

}  // namespace

int latestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Result<void> migrate(SQLite::Database& db, int target) {
  try {
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > latestSchemaVersion())
      return fail(Errc::Storage, "the database was written by a newer Pameran (schema " + std::to_string(version) +
                                     "); upgrade this program");
    while (version < target) {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::EXCLUSIVE);
      // Re-read inside the lock: another process may have migrated meanwhile.
      version = db.execAndGet("PRAGMA user_version").getInt();
      if (version >= target) break;
      kMigrations[version](db);
      db.exec("PRAGMA user_version = " + std::to_string(version + 1));
      tx.commit();
      ++version;
    }
    return {};
  } catch (const std::exception& e) {
    return fail(Errc::Storage, std::string("database migration failed, nothing changed: ") + e.what());
  }
}

}  // namespace pameran::core::detail
