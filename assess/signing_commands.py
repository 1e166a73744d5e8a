"""The command line's `assess sign` and `assess verify` (the work is in assess/signing.py and assess/verify.py).

Registered by `assess.cli.build_parser`, as the workspace's commands are; pyHanko is imported only when one of
these commands runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from assess.errors import AssessError

Handler = Callable[[argparse.Namespace], int]
EXIT_OK, EXIT_FAILED = 0, 1


def add_commands(command: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    sub = command("sign", cmd_sign, "sign a signed-off report PDF with the organisation's key (PAdES)")
    sub.add_argument("report", metavar="REPORT.pdf")
    sub.add_argument("--key", required=True, metavar="KEY.p12",
                     help="the organisation's key and certificate, as a PKCS#12 file; its password is asked on "
                          "the terminal")
    sub.add_argument("-o", "--output", required=True, metavar="SIGNED.pdf", help="where to write the signed report")
    sub.add_argument("--password-stdin", action="store_true",
                     help="read the key's password from the first line of standard input instead")

    sub = command("verify", cmd_verify, "check a signed report: signature intact over the whole file, signer, "
                                        "time, trust, and that its assessment is the one signed off")
    sub.add_argument("report", metavar="REPORT.pdf")
    sub.add_argument("--trust", metavar="CA.pem", help="the root certificate(s) the signer must chain to (PEM or DER)")


def _password(args: argparse.Namespace) -> bytes:
    if args.password_stdin:
        return sys.stdin.buffer.readline().rstrip(b"\r\n")
    if not sys.stdin.isatty():
        raise AssessError.at(args.key, "no terminal to ask the key's password on",
                             hint="give it on standard input with --password-stdin")
    import getpass  # only here: it loads termios

    return getpass.getpass(f"Password for {args.key}: ").encode("utf-8")


def cmd_sign(args: argparse.Namespace) -> int:
    from assess.safewrite import Input, refuse_inputs, write_output
    from assess.signing import load_signing_key, read_report, sign_report

    inputs = [Input(Path(args.report), "the report"), Input(Path(args.key), "the key")]
    refuse_inputs(Path(args.output), inputs, args.output)
    pdf = read_report(Path(args.report))
    key = load_signing_key(Path(args.key), _password(args))
    signed = sign_report(pdf, args.report, key)
    write_output(Path(args.output), signed, "assess sign", inputs, args.output)
    print(f"wrote {args.output} (signed by {key.subject})")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from assess.signing import read_report
    from assess.verify import VerificationFailed, load_trust_roots, summary, verify_report

    roots = load_trust_roots(Path(args.trust)) if args.trust else None
    pdf = read_report(Path(args.report))
    try:
        verified = verify_report(pdf, args.report, roots)
    except VerificationFailed as failed:
        print(f"{args.report}: verification failed: {failed}", file=sys.stderr)
        return EXIT_FAILED
    print("\n".join(summary(verified, args.report)))
    return EXIT_OK
