"""Verdicts on PDF signatures and the two-step signing, without a site (a CA made here)."""

import os
from datetime import datetime, timezone
from io import BytesIO

import pytest

from chidao_dieuhanh import signatures
from chidao_dieuhanh.tests import signing_ca


@pytest.fixture(scope="module")
def ca():
	root = signing_ca.make_root("CA Thử nghiệm", "Ban Cơ yếu (thử nghiệm)")
	signer = signing_ca.issue(root, "Nguyễn Văn Ký", "Sở Tài chính")
	return root, signer, signing_ca.signed_pdf(signer)


def roots(*identities):
	return [signatures.to_asn1(i.cert) for i in identities]


def test_signed_by_a_trusted_chain_is_valid(ca):
	root, _signer, pdf = ca
	(result,) = signatures.check_pdf(pdf, roots(root))
	assert result.status == signatures.VALID
	assert (result.signer, result.organisation) == ("Nguyễn Văn Ký", "Sở Tài chính")
	assert abs((datetime.now(timezone.utc) - result.signing_time).total_seconds()) < 600
	assert not result.changed_after_signing


def test_no_trusted_root_means_not_verified(ca):
	_root, _signer, pdf = ca
	other = signing_ca.make_root("CA khác", "Khác")
	assert [r.status for r in signatures.check_pdf(pdf, [])] == [signatures.NOT_VERIFIED]
	assert [r.status for r in signatures.check_pdf(pdf, roots(other))] == [signatures.NOT_VERIFIED]


def test_changes_after_signing_make_it_invalid(ca):
	root, _signer, pdf = ca
	for changed in (signing_ca.changed_after_signing(pdf), pdf.replace(b"%PDF-1.3", b"%PDF-1.4", 1)):
		(result,) = signatures.check_pdf(changed, roots(root))
		assert result.status == signatures.INVALID
		assert result.changed_after_signing


def test_a_second_signature_keeps_the_first_valid(ca):
	root, signer, pdf = ca
	twice = signing_ca.signed_pdf(signer, pdf)
	results = signatures.check_pdf(twice, roots(root))
	assert [r.status for r in results] == [signatures.VALID, signatures.VALID]
	assert not any(r.changed_after_signing for r in results)


def test_unsigned_corrupt_and_encrypted_files():
	assert [r.status for r in signatures.check_pdf(signing_ca.blank_pdf(), [])] == [signatures.UNSIGNED]
	(corrupt,) = signatures.check_pdf(b"%PDF-1.7\n rac", [])
	assert corrupt.status == signatures.NOT_VERIFIED and corrupt.error
	(empty,) = signatures.check_pdf(b"", [])
	assert empty.status == signatures.NOT_VERIFIED and empty.error

	from pyhanko.pdf_utils.reader import PdfFileReader
	from pyhanko.pdf_utils.writer import copy_into_new_writer

	def encrypted(user_password: str) -> bytes:
		writer = copy_into_new_writer(PdfFileReader(BytesIO(signing_ca.blank_pdf())))
		writer.encrypt(owner_pass=b"chu-so-huu", user_pass=user_password.encode())
		out = BytesIO()
		writer.write(out)
		return out.getvalue()

	(locked,) = signatures.check_pdf(encrypted("mat-khau"), [])
	assert locked.status == signatures.NOT_VERIFIED and "encrypted" in locked.error
	# Locked against editing only: it opens, and is read like any other.
	assert [r.status for r in signatures.check_pdf(encrypted(""), [])] == [signatures.UNSIGNED]


def test_certificate_files_pem_and_der(ca):
	root, _signer, _pdf = ca
	assert signatures.fingerprint(signatures.load_certificate(root.pem)) == signatures.fingerprint(root.cert)
	assert signatures.load_certificate(root.der) == root.cert
	assert signatures.load_certificate(b"\n" + root.pem + b"\n") == root.cert
	with pytest.raises(signatures.CertificateFileError):
		signatures.load_certificate(b"-----BEGIN CERTIFICATE-----\nrac\n-----END CERTIFICATE-----")
	with pytest.raises(signatures.CertificateFileError):
		signatures.load_certificate(b"\x30\x03rac")
	assert len(signatures.fingerprint(root.cert)) == 64


def test_signing_in_two_steps(ca):
	"""What a USB token's client does: sign the bytes it is given; the server finishes the PDF."""
	root, signer, _pdf = ca
	simple = signer.signer()

	def prepare():
		return signatures.prepare_signature(
			signing_ca.blank_pdf(),
			simple.signing_cert,
			simple.cert_registry,
			simple.get_signature_mechanism_for_digest(signatures.DIGEST_ALGORITHM),
			signatures.SignatureBox(
				"Nguyễn Văn Ký", "Giám đốc", "01/12/2026 08:00:00", signatures.PORTRAIT_BOX
			),
			signed_at=datetime.now(timezone.utc),
		)

	pending = prepare()
	assert pending.data_to_sign[:1] == b"\x31"  # the DER SET of the signed attributes
	pdf = signatures.finish_signature(pending, signer.sign_raw(pending.data_to_sign))
	assert [r.status for r in signatures.check_pdf(pdf, roots(root))] == [signatures.VALID]
	# A signature value from another key does not verify.
	stranger = signing_ca.issue(root, "Người khác", "Khác")
	pending = prepare()
	forged = signatures.finish_signature(pending, stranger.sign_raw(pending.data_to_sign))
	assert [r.status for r in signatures.check_pdf(forged, roots(root))] == [signatures.INVALID]


def test_stamp_font_in_thousandths_of_an_em():
	"""pyHanko writes glyph widths as the font gives them; PDF reads thousandths of an em."""
	from fontTools.ttLib import TTFont

	font = next(path for path in signatures.STAMP_FONTS if os.path.exists(path))
	assert TTFont(font)["head"].unitsPerEm != 1000  # DejaVu and Liberation: 2048
	assert TTFont(signatures.font_at_1000_units(font))["head"].unitsPerEm == 1000
