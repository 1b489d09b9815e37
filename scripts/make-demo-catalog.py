#!/usr/bin/env python3
"""Writes assets/demo/vendors.csv and products.csv: the demo Depok craft exhibition.

Run from the project root when the demo catalog changes; the CSVs are committed. Barcodes are
EAN-13 with a correct check digit (prefix 899, Indonesia) and every vendor gets a synthetic static
QRIS with a correct CRC-16/CCITT-FALSE (see shared/QRIS.md), so the QRIS path can be tried.
"""
import csv
import os

VENDORS = [
    # code, name, sector, owner, phone, mcc, [(product, price, unit)]
    ("BTK-SB", "Batik Sinar Belimbing", "fesyen", "Sri Rahayu", "0812-8801-2231", "5699", [
        ("Kain Batik Tulis Motif Belimbing", 650000), ("Kain Batik Cap Motif Belimbing", 275000),
        ("Kemeja Batik Pria Lengan Panjang", 325000), ("Kemeja Batik Pria Lengan Pendek", 245000),
        ("Blus Batik Wanita", 210000), ("Selendang Batik Sutra", 385000), ("Outer Batik Kombinasi", 295000),
        ("Masker Kain Batik", 15000), ("Tas Jinjing Batik", 125000), ("Dompet Batik Kecil", 45000),
        ("Scarf Batik Katun", 95000), ("Daster Batik Cap", 120000), ("Syal Batik Ecoprint", 175000)]),
    ("TNN-MG", "Tenun Margonda", "fesyen", "Hendra Gunawan", "0813-1944-0872", "5699", [
        ("Kain Tenun Ikat 2 Meter", 550000), ("Syal Tenun Ikat", 165000), ("Tas Selempang Tenun", 185000),
        ("Topi Tenun", 85000), ("Sarung Tenun Tradisional", 350000), ("Pouch Tenun", 55000),
        ("Gantungan Kunci Tenun", 20000), ("Taplak Meja Tenun", 145000), ("Sajadah Tenun", 225000),
        ("Dasi Tenun", 75000), ("Bantal Hias Tenun", 115000), ("Jaket Tenun Kombinasi", 425000)]),
    ("HJB-SW", "Hijab Sawangan Collection", "fesyen", "Nur Aisyah", "0857-7723-1190", "5651", [
        ("Hijab Segi Empat Voal", 65000), ("Hijab Pashmina Ceruti", 55000), ("Hijab Instan Jersey", 75000),
        ("Bergo Sport", 45000), ("Inner Ciput Rajut", 15000), ("Gamis Katun Rayon", 185000),
        ("Mukena Katun Bordir", 235000), ("Bros Hijab Mutiara", 25000), ("Hijab Motif Belimbing", 85000),
        ("Tunik Linen", 165000), ("Khimar Syari", 125000), ("Set Hijab dan Masker", 70000)]),
    ("RJT-CN", "Rajut Cinere", "fesyen", "Maya Kartika", "0821-1102-7765", "5699", [
        ("Tas Rajut Tangan", 145000), ("Topi Kupluk Rajut", 55000), ("Syal Rajut Wol", 95000),
        ("Cardigan Rajut", 225000), ("Sepatu Bayi Rajut", 65000), ("Boneka Amigurumi", 85000),
        ("Tatakan Gelas Rajut (isi 4)", 40000), ("Dompet Koin Rajut", 30000), ("Sarung Tangan Rajut", 50000),
        ("Bandana Rajut", 35000), ("Tas HP Rajut", 60000), ("Selimut Bayi Rajut", 265000)]),
    ("ANY-LM", "Anyaman Bambu Limo", "kriya", "Pak Sarmin", "0812-9011-3345", "5947", [
        ("Tas Anyaman Bambu", 135000), ("Bakul Nasi Bambu", 45000), ("Tampah Bambu Besar", 55000),
        ("Keranjang Parsel Bambu", 65000), ("Kap Lampu Anyaman Bambu", 175000), ("Tudung Saji Bambu", 85000),
        ("Nampan Anyaman Bambu", 60000), ("Tempat Tisu Bambu", 40000), ("Kipas Bambu", 15000),
        ("Besek Bambu (isi 10)", 35000), ("Keranjang Cucian Bambu", 125000), ("Hiasan Dinding Bambu", 95000),
        ("Sedotan Bambu (isi 6)", 20000)]),
    ("GRB-CT", "Gerabah Citayam", "kriya", "Rohmat Hidayat", "0896-3321-8870", "5947", [
        ("Kendi Tanah Liat", 55000), ("Pot Bunga Gerabah Kecil", 25000), ("Pot Bunga Gerabah Besar", 85000),
        ("Celengan Gerabah", 30000), ("Cobek Tanah Liat", 35000), ("Vas Gerabah Ukir", 120000),
        ("Tungku Mini Gerabah", 65000), ("Asbak Gerabah", 20000), ("Tempat Lilin Gerabah", 35000),
        ("Piring Saji Gerabah", 75000), ("Gelas Gerabah (isi 2)", 60000), ("Teko Gerabah", 110000)]),
    ("UKR-BJ", "Ukir Kayu Beji", "kriya", "Bambang Sutejo", "0813-8890-5512", "5947", [
        ("Talenan Kayu Jati", 85000), ("Sendok Kayu Set", 45000), ("Miniatur Rumah Betawi", 350000),
        ("Gantungan Kunci Kayu Ukir", 15000), ("Bingkai Foto Kayu Ukir", 95000), ("Kotak Perhiasan Kayu", 125000),
        ("Hiasan Dinding Ondel-Ondel", 185000), ("Mangkuk Kayu Sono", 75000), ("Pulpen Kayu Ukir", 35000),
        ("Tempat Kartu Nama Kayu", 55000), ("Jam Dinding Kayu", 225000), ("Wayang Golek Mini", 150000)]),
    ("DUR-KD", "Daur Ulang Kelapa Dua", "kriya", "Lestari Wulandari", "0838-7701-4423", "5947", [
        ("Tas Bungkus Kopi Daur Ulang", 95000), ("Dompet Plastik Daur Ulang", 35000), ("Tempat Pensil Daur Ulang", 25000),
        ("Batok Kelapa Mangkuk", 30000), ("Lampu Hias Batok Kelapa", 145000), ("Gantungan Kunci Batok", 12000),
        ("Tas Belanja Karung Goni", 55000), ("Bunga Hias Kain Perca", 40000), ("Tatakan Gelas Batok (isi 4)", 35000),
        ("Celengan Kaleng Lukis", 28000), ("Sendok Batok Kelapa", 18000), ("Tikar Perca", 120000)]),
    ("KLT-TP", "Kulit Tapos", "kriya", "Agus Salim", "0812-1367-9904", "5948", [
        ("Dompet Kulit Pria", 185000), ("Dompet Kulit Wanita", 210000), ("Ikat Pinggang Kulit", 165000),
        ("Gantungan Kunci Kulit", 25000), ("Tas Selempang Kulit", 425000), ("Sarung Paspor Kulit", 135000),
        ("Tempat Kartu Kulit", 65000), ("Tali Jam Kulit", 95000), ("Sandal Kulit", 225000),
        ("Cover Buku Kulit", 115000), ("Gelang Kulit Anyam", 35000), ("Tas Laptop Kulit", 550000)]),
    ("OLB-DW", "Olahan Belimbing Dewi", "kuliner", "Dewi Anggraini", "0857-1122-3398", "5499", [
        ("Dodol Belimbing 250 g", 25000), ("Sirup Belimbing 600 ml", 35000), ("Keripik Belimbing 100 g", 18000),
        ("Selai Belimbing 200 g", 28000), ("Manisan Belimbing 250 g", 22000), ("Jus Belimbing Botol 250 ml", 12000),
        ("Permen Jeli Belimbing", 15000), ("Brownies Belimbing", 55000), ("Teh Daun Belimbing Wuluh", 30000),
        ("Sambal Belimbing Wuluh", 27000), ("Bolu Belimbing", 45000), ("Paket Oleh-oleh Belimbing", 95000),
        ("Nastar Belimbing", 65000)]),
    ("KRP-PM", "Keripik Pancoran Mas", "kuliner", "Yuliana Putri", "0813-5567-2201", "5499", [
        ("Keripik Singkong Balado 200 g", 15000), ("Keripik Tempe Sagu 150 g", 14000), ("Keripik Pisang Cokelat 200 g", 18000),
        ("Keripik Kentang Pedas 150 g", 20000), ("Emping Melinjo 250 g", 38000), ("Rempeyek Kacang 200 g", 22000),
        ("Kerupuk Kulit 100 g", 25000), ("Makaroni Pedas 200 g", 12000), ("Basreng Pedas 150 g", 15000),
        ("Keripik Bayam 100 g", 13000), ("Kacang Bawang 250 g", 24000), ("Paket Keripik Campur", 60000)]),
    ("KUE-BA", "Kue Kering Bu Ani", "kuliner", "Ani Suryani", "0812-4450-6678", "5462", [
        ("Nastar Nanas Toples", 85000), ("Kastengel Keju Toples", 95000), ("Putri Salju Toples", 75000),
        ("Kue Semprit Toples", 65000), ("Lidah Kucing Toples", 70000), ("Kue Kacang Toples", 60000),
        ("Bolu Pandan", 55000), ("Kue Lapis Legit Potong", 35000), ("Kembang Goyang 250 g", 30000),
        ("Akar Kelapa 250 g", 28000), ("Bolu Kukus Isi 6", 25000), ("Kue Sagu Keju Toples", 72000)]),
    ("KPI-KT", "Kopi Kebun Tapos", "kuliner", "Dedi Kurniawan", "0821-9987-1100", "5499", [
        ("Kopi Robusta Bubuk 200 g", 45000), ("Kopi Arabika Biji 200 g", 75000), ("Kopi Luwak Liar 100 g", 185000),
        ("Kopi Susu Gula Aren Botol", 22000), ("Cold Brew 250 ml", 28000), ("Drip Bag Kopi (isi 10)", 55000),
        ("Teh Rosella Kering", 30000), ("Gula Aren Cair 250 ml", 25000), ("Kopi Rempah 200 g", 50000),
        ("Cascara Kering 100 g", 40000), ("Kopi Jahe Sachet (isi 10)", 35000), ("Paket Hadiah Kopi", 150000)]),
    ("SBL-SJ", "Sambal Sukmajaya", "kuliner", "Rina Marlina", "0856-9034-4412", "5499", [
        ("Sambal Bawang 200 g", 30000), ("Sambal Cumi 200 g", 45000), ("Sambal Teri Medan 200 g", 42000),
        ("Sambal Roa 200 g", 48000), ("Sambal Matah Botol", 35000), ("Sambal Ijo 200 g", 32000),
        ("Abon Sapi 100 g", 55000), ("Rendang Kering 250 g", 85000), ("Serundeng Kelapa 200 g", 25000),
        ("Sambal Terasi 200 g", 28000), ("Bumbu Pecel 250 g", 20000), ("Paket Sambal 3 Rasa", 95000)]),
]


def crc16(data: str) -> str:
    crc = 0xFFFF
    for byte in data.encode("ascii"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def static_qris(name: str, index: int, mcc: str) -> str:
    pan = f"9360099{index:011d}"
    merchant_id = f"PMR{index:09d}"
    nmid = f"ID10200{index:08d}"
    body = (tlv("00", "01") + tlv("01", "11")
            + tlv("26", tlv("00", "ID.CO.BANKDEMO.WWW") + tlv("01", pan) + tlv("02", merchant_id) + tlv("03", "UMI"))
            + tlv("51", tlv("00", "ID.CO.QRIS.WWW") + tlv("02", nmid) + tlv("03", "UMI"))
            + tlv("52", mcc) + tlv("53", "360") + tlv("58", "ID") + tlv("59", name[:25]) + tlv("60", "DEPOK")
            + tlv("61", "16411") + "6304")
    return body + crc16(body)


def ean13(first12: str) -> str:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def main() -> None:
    out = os.path.join(os.path.dirname(__file__), "..", "assets", "demo")
    with open(os.path.join(out, "vendors.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["code", "name", "sector", "owner", "phone", "qris"])
        for i, (code, name, sector, owner, phone, mcc, _) in enumerate(VENDORS, start=1):
            w.writerow([code, name, sector, owner, phone, static_qris(name, i, mcc)])
    with open(os.path.join(out, "products.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["sku", "barcode", "vendor_code", "name", "price_idr", "stock", "low_stock"])
        for i, (code, _, sector, _, _, _, products) in enumerate(VENDORS, start=1):
            for j, (pname, price) in enumerate(products, start=1):
                stock = 12 + (i * 7 + j * 5) % 40 if sector == "kuliner" else 4 + (i * 3 + j * 7) % 18
                low = 5 if sector == "kuliner" else 2
                barcode = ean13(f"8991234{i:02d}{j:03d}")
                w.writerow([f"{code}-{j:02d}", barcode, code, pname, price, stock, low])


if __name__ == "__main__":
    main()
