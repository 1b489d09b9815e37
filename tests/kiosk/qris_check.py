#!/usr/bin/env python3
"""Decodes the QR on a kiosk screenshot with zbarimg and checks it is a valid dynamic QRIS:
TLV structure, point of initiation 12 (dynamic), the amount (tag 54) and the CRC (tag 63,
CRC-16/CCITT-FALSE over everything up to and including "6304"), and the merchant name (59).

Usage: qris_check.py SCREENSHOT.png --amount 1102500 [--merchant "Batik Sinar Belimbing"]
"""
import argparse
import subprocess
import sys


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def parse_tlv(payload: str) -> dict:
    out, i = {}, 0
    while i < len(payload):
        tag, length = payload[i:i + 2], payload[i + 2:i + 4]
        if not (tag.isdigit() and length.isdigit()):
            raise ValueError(f"bad TLV at {i}")
        n = int(length)
        value = payload[i + 4:i + 4 + n]
        if len(value) != n:
            raise ValueError(f"tag {tag} runs past the end")
        out[tag] = value
        i += 4 + n
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("image")
    ap.add_argument("--amount", type=int, required=True)
    ap.add_argument("--merchant", default="")
    args = ap.parse_args()
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    decoded = subprocess.run(["zbarimg", "--nodbus", "--raw", "-q", args.image], capture_output=True, text=True)
    codes = [l for l in decoded.stdout.splitlines() if l.strip()]
    if len(codes) != 1:
        print(f"qris_check: expected one QR code on {args.image}, found {len(codes)}", file=sys.stderr)
        return 1
    payload = codes[0].strip()
    tlv = parse_tlv(payload)
    problems = []
    if not payload.startswith("000201"):
        problems.append("00 is not first")
    if tlv.get("01") != "12":
        problems.append(f"point of initiation {tlv.get('01')} (want 12, dynamic)")
    if tlv.get("54") != str(args.amount):
        problems.append(f"amount {tlv.get('54')} (want {args.amount})")
    if not payload[-8:-4] == "6304":
        problems.append("63 is not last")
    want_crc = f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}"
    if tlv.get("63") != want_crc:
        problems.append(f"CRC {tlv.get('63')} (want {want_crc})")
    if tlv.get("53") != "360" or tlv.get("58") != "ID":
        problems.append("currency or country wrong")
    if args.merchant and not args.merchant.upper().startswith(tlv.get("59", "?").upper()[:15]):
        problems.append(f"merchant {tlv.get('59')!r} (want {args.merchant!r})")
    if problems:
        print(f"qris_check: {args.image}: " + "; ".join(problems), file=sys.stderr)
        print(f"qris_check: payload {payload}", file=sys.stderr)
        return 1
    print(f"qris_check: ok: amount {tlv['54']}, merchant {tlv.get('59')}, CRC {tlv['63']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
