"""Every one-digit change of a signed report's signature, tried: does `assess verify` refuse each one?

Not a timing: a count. For every hex digit of the CMS blob in the signature's `/Contents` string, each of the
15 other hex digits in its place (the string still reads as hex, so the change reaches the blob itself; any
other byte is refused for its form alone). Each variant goes through the checks of the blob's parts
(assess/signature_parts.py); those that pass them, which should be only changes inside the signed attributes
and the signature value, go through the whole `verify_report`. Goal: none passes. Prints the count refused by
each reason.

    .venv/bin/python bench/signature_sweep.py --make /tmp/sweep [--key rsa] [--chain intermediate]
    .venv/bin/python bench/signature_sweep.py SIGNED.pdf --trust ROOT.pem

`--make DIR` signs the test fixture's report with a throwaway authority (tests/signing_support.py) first.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.errors import AssessError  # noqa: E402 - after the path, so that `tests` imports too
from assess.signature_parts import cms_problem  # noqa: E402
from assess.verify import VerificationFailed, load_trust_roots, verify_report  # noqa: E402

HEX = b"0123456789ABCDEF"


def make(directory: Path, key: str, chain: str) -> tuple[Path, Path]:
    """A signed report and its root, in `directory`."""
    from assess.signing import load_signing_key, sign_report
    from tests.signing_support import PASSWORD, make_authority
    from tests.test_signing import fixture_assessment, report, signed_off

    authority = make_authority(directory / "ca", key_kind=key, chain=chain)  # type: ignore[arg-type]
    approved = report(directory, signed_off(fixture_assessment()), "approved")
    signed = directory / "signed.pdf"
    signed.write_bytes(sign_report(approved.read_bytes(), str(approved), load_signing_key(authority.p12, PASSWORD)))
    return signed, authority.root_pem


def reason(message: str) -> str:
    """The message without the parts that vary from one variant to the next."""
    return re.split(r"[(:]", message)[0].strip()[:100]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("signed", nargs="?", type=Path)
    parser.add_argument("--trust", type=Path)
    parser.add_argument("--make", type=Path, metavar="DIR")
    parser.add_argument("--key", choices=["ec", "rsa"], default="ec")
    parser.add_argument("--chain", choices=["root", "none", "intermediate"], default="root")
    args = parser.parse_args()
    if args.make:
        args.signed, args.trust = make(args.make, args.key, args.chain)
    if args.signed is None or args.trust is None:
        parser.error("give SIGNED.pdf and --trust ROOT.pem, or --make DIR")
    pdf = args.signed.read_bytes()
    roots = load_trust_roots(args.trust)
    found = re.search(rb"/ByteRange\s*\[\s*0 (\d+) (\d+) \d+", pdf)
    assert found is not None, "not a signed PDF"
    start = int(found.group(1)) + 1  # the first hex digit
    contents = bytes.fromhex(pdf[start:int(found.group(2)) - 1].decode("ascii"))
    length = 4 + int.from_bytes(contents[2:4], "big")  # the blob's SEQUENCE, two length bytes (256 B to 64 KiB)
    assert verify_report(pdf, "signed.pdf", roots), "the untouched file must verify"

    refused: collections.Counter[str] = collections.Counter()
    passed_parts: list[int] = []
    cpu = time.process_time()
    for digit_at in range(start, start + 2 * length):
        for digit in HEX:
            if digit == pdf[digit_at]:
                continue
            blob = bytearray(pdf[start:start + 2 * length])
            blob[digit_at - start] = digit
            problem = cms_problem(bytes.fromhex(blob.decode("ascii")), roots)
            if problem:
                refused["parts: " + reason(problem)] += 1
            else:
                passed_parts.append(digit_at * 256 + digit)
    parts_cpu = time.process_time() - cpu
    missed = []
    for packed in passed_parts:
        digit_at, digit = divmod(packed, 256)
        damaged = bytearray(pdf)
        damaged[digit_at] = digit
        try:
            verify_report(bytes(damaged), "damaged.pdf", roots)
            missed.append((digit_at - start) // 2)
        except (VerificationFailed, AssessError) as failed:
            refused["whole: " + reason(str(failed))] += 1
    through = sorted({(packed // 256 - start) // 2 for packed in passed_parts})
    where = f"CMS bytes {through[0]}..{through[-1]}" if through else "none"
    print(f"{args.signed}: CMS blob of {length} bytes, {2 * length * 15} one-digit variants; {len(passed_parts)} "
          f"passed the checks of the parts ({where}) and went through the whole verification; CPU "
          f"{parts_cpu:.1f} s for the parts, {time.process_time() - cpu - parts_cpu:.1f} s for the rest")
    for why, count in refused.most_common():
        print(f"  {count:6d}  {why}")
    print(f"NOT refused: {len(missed)}" + (f" (CMS bytes {sorted(set(missed))[:20]})" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
