"""Validates a PDF's document timestamp with pyHanko, trusting the given CA (PEM).

Prints one line per timestamp: valid/intact/trusted and the coverage; exits 0 only when
every document timestamp is valid, intact, trusted and covers the entire file.
Used by tests/doc_timestamp.rs; needs `pip install pyhanko pyhanko-certvalidator`.
"""
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext

pdf_path, ca_path = sys.argv[1], sys.argv[2]
vc = ValidationContext(trust_roots=[load_cert_from_pemder(ca_path)])
ok = True
with open(pdf_path, "rb") as f:
    reader = PdfFileReader(f, strict=False)
    stamps = reader.embedded_timestamp_signatures
    if not stamps:
        print("no document timestamp")
        sys.exit(2)
    for sig in stamps:
        status = validate_pdf_timestamp(sig, validation_context=vc)
        coverage = sig.coverage.name if sig.coverage is not None else None
        print(
            f"valid={status.valid} intact={status.intact} trusted={status.trusted} "
            f"coverage={coverage} time={status.timestamp}"
        )
        ok = ok and status.valid and status.intact and status.trusted and coverage == "ENTIRE_FILE"
sys.exit(0 if ok else 1)
