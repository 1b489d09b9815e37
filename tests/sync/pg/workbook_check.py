#!/usr/bin/python3
"""Reads a work-meeting workbook back (openpyxl) and checks every figure against the report and
settlement JSON that pameran-server wrote for the same event, to the rupiah, and the sheets'
form: numbers stored as numbers in the rupiah format, frozen header rows, autofilters, widths.
Usage: workbook_check.py BOOK.xlsx REPORT.json SETTLEMENT.json; prints one line per failure."""
import json
import sys

import openpyxl

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def table(ws):
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], rows[1:]


def money_cells_ok(ws, col):
    for row in ws.iter_rows(min_row=2, min_col=col, max_col=col):
        for c in row:
            check(isinstance(c.value, int) or (isinstance(c.value, float) and c.value.is_integer()),
                  f"{ws.title}!{c.coordinate} is not a whole number: {c.value!r}")
            check('"Rp "#,##0' in c.number_format, f"{ws.title}!{c.coordinate} format {c.number_format!r}")


def main():
    book = openpyxl.load_workbook(sys.argv[1])
    report = json.load(open(sys.argv[2]))
    settlement = json.load(open(sys.argv[3]))
    expected = ["Summary", "Vendors", "Products", "Days", "Hours", "Kiosks", "Cashiers", "Settlement"]
    check(book.sheetnames == expected, f"sheets {book.sheetnames}")
    for ws in book.worksheets:
        check(ws.freeze_panes == "A2", f"{ws.title}: header row not frozen ({ws.freeze_panes})")
        check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:"), f"{ws.title}: no autofilter")
        header, rows = table(ws)
        for i, title in enumerate(header):
            letter = openpyxl.utils.get_column_letter(i + 1)
            width = ws.column_dimensions[letter].width
            longest = max([len(str(title))] + [len(str(r[i])) for r in rows if r[i] is not None])
            check(width is not None and width >= longest, f"{ws.title}: column {letter} width {width} < {longest}")

    summary = {r[0]: r[1] for r in table(book["Summary"])[1]}
    check(summary.get("Event") == report["event"], "Summary: event")
    for label, key in [("Sales", "sales_count"), ("Items sold", "items_sold"), ("Gross", "gross_idr"),
                       ("Discounts", "discount_idr"), ("Refunds", "refund_idr"), ("Net", "net_idr")]:
        check(summary.get(label) == report[key], f"Summary {label}: {summary.get(label)} != {report[key]}")
    for s in report["by_sector"]:
        check(summary.get("Sector " + s["sector"]) == s["net_idr"], f"Summary sector {s['sector']}")
    for p in report["by_payment"]:
        check(summary.get("Payment " + p["method"]) == p["amount_idr"], f"Summary payment {p['method']}")

    def same(sheet, rows, want, cols):
        check(len(rows) == len(want), f"{sheet}: {len(rows)} rows, report has {len(want)}")
        for got, w in zip(rows, want):
            check(list(got) == [w[c] for c in cols], f"{sheet}: {list(got)} != {[w[c] for c in cols]}")

    same("Vendors", table(book["Vendors"])[1], report["by_vendor"],
         ["vendor_code", "name", "sector", "sales_count", "items_sold", "net_idr"])
    products = table(book["Products"])[1]
    same("Products (top)", products[:len(report["top_products"])], report["top_products"],
         ["sku", "name", "vendor_code", "items_sold", "net_idr"])
    check(sum(r[4] for r in products) == report["net_idr"], "Products: every product adds up to the net")
    same("Days", table(book["Days"])[1], report["by_day"], ["date", "net_idr"])
    same("Hours", table(book["Hours"])[1], report["by_hour"], ["hour", "net_idr"])
    same("Kiosks", table(book["Kiosks"])[1], report["by_device"], ["device_code", "name", "booth", "sales_count", "net_idr"])
    same("Cashiers", table(book["Cashiers"])[1], report["by_cashier"], ["cashier", "sales_count", "net_idr"])
    rows = table(book["Settlement"])[1]
    check(len(rows) == len(settlement["vendors"]), "Settlement: rows")
    for got, v in zip(rows, settlement["vendors"]):
        want = [v["vendor_code"], v["name"], v["sector"], v["sales_count"], v["items_sold"], v["gross_idr"],
                v["discount_idr"], v["refund_idr"], v["net_idr"], v["commission_bp"] / 100, v["commission_idr"],
                v["paid_direct_idr"], v["owed_to_vendor_idr"]]
        check(list(got) == want, f"Settlement: {list(got)} != {want}")
    for name, col in [("Vendors", 6), ("Products", 5), ("Days", 2), ("Hours", 2), ("Kiosks", 5), ("Cashiers", 3),
                      ("Settlement", 13)]:
        money_cells_ok(book[name], col)
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
