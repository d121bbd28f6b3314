"""Digital signatures in PDFs (PAdES, pyHanko).

Checking: every PDF attached to a directive (uploaded in the desk, or received in an edXML package) is
checked when its File is inserted (hooks.py, File `after_insert`): for each embedded signature, who signed
(the certificate's CN and O), when, whether the document was changed after signing, and whether the
certificate chains to one of the enabled Trusted Root Certificates (uploaded by the IT officer; nothing
is fetched from the network). The results are rows of the directive's Signature Checks table and, in
short, the file's Digital Signature field. A PDF that cannot be read never makes the upload fail.

Signing: the site's PKCS#12 certificate (Directive Settings → Digital Signature) signs a PDF with a visible
box holding the signer's name, title and the signing time. The signature is made in two steps, as
pyHanko's interrupted signing: `prepare_signature` lays out the signature field and returns the bytes to
sign (the CMS signed attributes), `finish_signature` embeds a signature value made elsewhere. The site's
certificate is just one signer of those bytes (`sign_pdf`); a USB token signing them in the user's own
client is another (see the README, *Digital signatures*).
"""

import asyncio
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO

import frappe
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from frappe import _
from frappe.utils import convert_utc_to_system_timezone, now_datetime
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument, PostSignInstructions
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from chidao_dieuhanh import settings

VALID = "Valid"
INVALID = "Invalid"
NOT_VERIFIED = "Not Verified"
UNSIGNED = "Unsigned"

CHECKED_DOCTYPE = "Directive"
CHECK_TABLE = "Directive Signature Check"
FILE_STATUS_FIELD = "signature_status"
DIGEST_ALGORITHM = "sha256"

# A font with the Vietnamese letters for the visible signature box (Debian's fonts-dejavu-core and
# fonts-liberation); without one pyHanko's built-in Courier is used.
STAMP_FONTS = (
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
STAMP_TEXT = "Ký số bởi: %(name)s\n%(title)s\nThời gian: %(time)s"


# --------------------------------------------------------------------------------------------------
# Checking (pure: bytes and certificates in, verdicts out)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureResult:
	status: str
	signer: str | None = None
	organisation: str | None = None
	signing_time: datetime | None = None  # aware
	changed_after_signing: bool = False
	error: str | None = None  # why the signature (or the file) could not be verified


class CertificateFileError(ValueError):
	pass


def load_certificate(data: bytes) -> x509.Certificate:
	"""A certificate from its PEM or DER bytes."""
	data = data.strip() if data.lstrip().startswith(b"-----") else data
	try:
		if data.startswith(b"-----BEGIN"):
			return x509.load_pem_x509_certificate(data)
		return x509.load_der_x509_certificate(data)
	except ValueError as error:
		raise CertificateFileError(str(error)) from error


def to_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
	return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def fingerprint(certificate: x509.Certificate) -> str:
	return hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest().upper()


def check_pdf(content: bytes, trust_roots: list[asn1_x509.Certificate]) -> list[SignatureResult]:
	"""One verdict per embedded signature ([Unsigned] without any). A file that cannot be read as a PDF
	gets one Not Verified verdict with the reason."""
	try:
		reader = PdfFileReader(BytesIO(content), strict=False)
		if reader.encrypted:
			open_encrypted(reader)
		embedded = reader.embedded_regular_signatures
	except Exception as error:  # a broken file is a verdict, never a failed upload
		return [SignatureResult(NOT_VERIFIED, error=describe(error))]
	if not embedded:
		return [SignatureResult(UNSIGNED)]
	return [check_signature(signature, trust_roots) for signature in embedded]


def open_encrypted(reader: PdfFileReader) -> None:
	"""A PDF locked only against editing opens with the empty password; one locked against reading
	cannot be checked."""
	from pyhanko.pdf_utils.crypt import AuthStatus

	if reader.decrypt(b"").status == AuthStatus.FAILED:
		raise CertificateFileError("the PDF is encrypted with a password")


def check_signature(embedded, trust_roots: list[asn1_x509.Certificate]) -> SignatureResult:
	# An explicit list, even empty: ValidationContext would otherwise trust the system's roots.
	context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
	try:
		signer = signer_names(embedded.signer_cert)
	except Exception as error:
		return SignatureResult(NOT_VERIFIED, error=describe(error))
	try:
		status = validate_pdf_signature(embedded, signer_validation_context=context)
	except Exception as error:
		return SignatureResult(NOT_VERIFIED, error=describe(error), **signer)
	changed = (
		not status.intact
		or status.docmdp_ok is False
		or status.coverage is None
		or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
	)
	if changed or not status.valid:
		verdict = INVALID
	elif not status.trusted:
		verdict = NOT_VERIFIED
	else:
		verdict = VALID
	return SignatureResult(
		verdict, signing_time=signing_time(status, embedded), changed_after_signing=changed, **signer
	)


def signer_names(certificate: asn1_x509.Certificate) -> dict:
	subject = certificate.subject.native
	return {"signer": subject.get("common_name"), "organisation": subject.get("organization_name")}


def signing_time(status, embedded) -> datetime | None:
	"""A timestamp token's time if there is one, else the time the signer declared (the CMS signing-time,
	or the signature dictionary's /M, which PAdES uses instead)."""
	if status.timestamp_validity is not None:
		return status.timestamp_validity.timestamp
	return status.signer_reported_dt or embedded.self_reported_timestamp


def describe(error: Exception) -> str:
	return str(error).strip() or type(error).__name__


# --------------------------------------------------------------------------------------------------
# Signing (pure: interrupted PAdES signing)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureBox:
	"""The visible signature: what it says and where it is (PDF points from the page's lower left)."""

	name: str
	title: str
	time: str
	box: tuple[int, int, int, int]
	page: int = -1  # the last page
	reason: str | None = None
	location: str | None = None


@dataclass
class PendingSignature:
	"""A document laid out for signing, waiting for the signature of `data_to_sign`."""

	output: BytesIO
	prepared_digest: PreparedByteRangeDigest
	post_sign_instructions: PostSignInstructions | None
	signed_attributes: object  # asn1crypto cms.CMSAttributes
	signing_cert: asn1_x509.Certificate
	cert_registry: object
	signature_mechanism: object

	@property
	def data_to_sign(self) -> bytes:
		"""What the signer's private key signs (with SHA-256): the DER of the CMS signed attributes,
		which carry the document's digest."""
		return self.signed_attributes.dump()


def prepare_signature(
	pdf: bytes, signing_cert, cert_registry, signature_mechanism, box: SignatureBox, signed_at: datetime
) -> PendingSignature:
	return asyncio.run(
		_prepare_signature(pdf, signing_cert, cert_registry, signature_mechanism, box, signed_at)
	)


async def _prepare_signature(pdf, signing_cert, cert_registry, signature_mechanism, box, signed_at):
	# The placeholder signature value only sizes the space reserved for the CMS in the file.
	placeholder = signers.ExternalSigner(
		signing_cert, cert_registry, signature_value=1024, signature_mechanism=signature_mechanism
	)
	field_name = f"Signature{len(PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures) + 1}"
	pdf_signer = signers.PdfSigner(
		signers.PdfSignatureMetadata(
			field_name=field_name,
			md_algorithm=DIGEST_ALGORITHM,
			subfilter=fields.SigSeedSubFilter.PADES,
			name=box.name,
			reason=box.reason,
			location=box.location,
		),
		signer=placeholder,
		stamp_style=stamp_style(),
		new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, box=box.box, on_page=box.page),
	)
	prepared_digest, tbs_document, output = await pdf_signer.async_digest_doc_for_signing(
		IncrementalPdfFileWriter(BytesIO(pdf), strict=False),
		appearance_text_params={"name": box.name, "title": box.title, "time": box.time},
	)
	signed_attributes = await placeholder.signed_attrs(
		prepared_digest.document_digest,
		DIGEST_ALGORITHM,
		attr_settings=PdfCMSSignedAttributes(signing_time=signed_at),
		use_pades=True,
	)
	return PendingSignature(
		output=output,
		prepared_digest=prepared_digest,
		post_sign_instructions=tbs_document.post_sign_instructions,
		signed_attributes=signed_attributes,
		signing_cert=signing_cert,
		cert_registry=cert_registry,
		signature_mechanism=signature_mechanism,
	)


def finish_signature(pending: PendingSignature, signature_value: bytes) -> bytes:
	"""The signed PDF, once the signer has signed `pending.data_to_sign`."""
	return asyncio.run(_finish_signature(pending, signature_value))


async def _finish_signature(pending: PendingSignature, signature_value: bytes) -> bytes:
	signer = signers.ExternalSigner(
		pending.signing_cert,
		pending.cert_registry,
		signature_value=signature_value,
		signature_mechanism=pending.signature_mechanism,
	)
	cms = await signer.async_sign_prescribed_attributes(
		DIGEST_ALGORITHM, signed_attrs=pending.signed_attributes
	)
	await PdfTBSDocument.async_finish_signing(
		pending.output,
		pending.prepared_digest,
		cms,
		post_sign_instr=pending.post_sign_instructions,
	)
	return pending.output.getvalue()


def sign_pdf(pdf: bytes, signer: signers.SimpleSigner, box: SignatureBox, signed_at: datetime) -> bytes:
	"""Signs with a key the server holds, through the same two steps as an external signer."""
	mechanism = signer.get_signature_mechanism_for_digest(DIGEST_ALGORITHM)
	pending = prepare_signature(pdf, signer.signing_cert, signer.cert_registry, mechanism, box, signed_at)
	signature_value = asyncio.run(signer.async_sign_raw(pending.data_to_sign, DIGEST_ALGORITHM))
	return finish_signature(pending, signature_value)


def stamp_style() -> TextStampStyle:
	return TextStampStyle(stamp_text=STAMP_TEXT, text_box_style=stamp_text_box(), border_width=1)


def stamp_text_box() -> TextBoxStyle:
	font = next((path for path in STAMP_FONTS if os.path.exists(path)), None)
	try:
		from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory  # needs uharfbuzz
	except ImportError:
		return TextBoxStyle()
	if not font:
		return TextBoxStyle()
	# fontTools warns of every table it does not subset (DejaVu's FFTM): not the signer's concern.
	logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
	return TextBoxStyle(font=GlyphAccumulatorFactory(font_at_1000_units(font), font_size=9))


def font_at_1000_units(path: str) -> str:
	"""The font scaled to 1000 units per em and cut to the Latin and Vietnamese letters, made once and kept
	in the temporary directory. pyHanko 0.29
	writes a font's glyph widths as they are, and PDF reads them in thousandths of an em: a TrueType font
	(2048 units, as DejaVu) would be drawn with its letters far apart."""
	from fontTools.ttLib import TTFont
	from fontTools.ttLib.scaleUpem import scale_upem

	name = os.path.splitext(os.path.basename(path))[0]
	scaled = os.path.join(
		tempfile.gettempdir(), f"chidao-{name}-{os.path.getmtime(path):.0f}-vi2-1000upem.ttf"
	)
	if os.path.exists(scaled):
		return scaled
	from fontTools import subset

	font = TTFont(path)
	if font["head"].unitsPerEm == 1000:
		return path
	scale_upem(font, 1000)
	# Only the letters a Vietnamese name or title needs: each signature then embeds its subset quickly.
	subsetter = subset.Subsetter(subset.Options(layout_features=["kern"], hinting=False, notdef_outline=True))
	subsetter.populate(
		unicodes=[*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]
	)
	subsetter.subset(font)
	partial = f"{scaled}.{os.getpid()}"
	font.save(partial)
	os.replace(partial, scaled)  # another worker may be making the same file
	return scaled


# --------------------------------------------------------------------------------------------------
# The site: trusted roots, checks stored on the directive and the file
# --------------------------------------------------------------------------------------------------


def trusted_roots() -> list[asn1_x509.Certificate]:
	"""The enabled Trusted Root Certificates (kept as PEM, read from the file when it was saved)."""
	pems = frappe.get_all(
		"Trusted Root Certificate", filters={"enabled": 1}, pluck="certificate_pem", order_by="creation"
	)
	return [to_asn1(load_certificate(pem.encode())) for pem in pems if pem]


def is_pdf_file(file_doc) -> bool:
	name = (file_doc.file_name or file_doc.file_url or "").lower()
	return name.endswith(".pdf") and not file_doc.is_folder and not file_doc.is_remote_file


def on_file_insert(doc, method=None) -> None:
	"""File after_insert: a PDF attached to a directive is checked at once."""
	if doc.attached_to_doctype == CHECKED_DOCTYPE and doc.attached_to_name and is_pdf_file(doc):
		check_file(doc, trusted_roots())


def on_file_trash(doc, method=None) -> None:
	if doc.attached_to_doctype == CHECKED_DOCTYPE:
		frappe.db.delete(CHECK_TABLE, {"parenttype": CHECKED_DOCTYPE, "file": doc.name})


def check_file(file_doc, roots: list[asn1_x509.Certificate]) -> list[SignatureResult]:
	try:
		with open(file_doc.get_full_path(), "rb") as f:
			content = f.read()
	except OSError as error:
		results = [SignatureResult(NOT_VERIFIED, error=describe(error))]
	else:
		results = check_pdf(content, roots)
	store_results(file_doc, results)
	return results


def check_directive(directive: str) -> list[SignatureResult]:
	"""Checks every PDF attached to the directive again (after a root was added or disabled)."""
	roots = trusted_roots()
	frappe.db.delete(CHECK_TABLE, {"parenttype": CHECKED_DOCTYPE, "parent": directive})
	results = []
	for name in frappe.get_all(
		"File",
		filters={"attached_to_doctype": CHECKED_DOCTYPE, "attached_to_name": directive, "is_folder": 0},
		pluck="name",
		order_by="creation",
	):
		file_doc = frappe.get_doc("File", name)
		if is_pdf_file(file_doc):
			results.extend(check_file(file_doc, roots))
	return results


def store_results(file_doc, results: list[SignatureResult]) -> None:
	"""The file's rows of the directive's table replaced by the new verdicts (written directly: the
	table is the system's, level 2, and the directive itself is not changed)."""
	directive = file_doc.attached_to_name
	frappe.db.delete(CHECK_TABLE, {"parenttype": CHECKED_DOCTYPE, "parent": directive, "file": file_doc.name})
	last = frappe.db.get_value(CHECK_TABLE, {"parenttype": CHECKED_DOCTYPE, "parent": directive}, "max(idx)")
	checked_on = now_datetime()
	summaries = []
	for number, result in enumerate(results, (last or 0) + 1):
		text = summary(result)
		summaries.append(text)
		frappe.get_doc(
			{
				"doctype": CHECK_TABLE,
				"parent": directive,
				"parenttype": CHECKED_DOCTYPE,
				"parentfield": "signature_checks",
				"idx": number,
				"file": file_doc.name,
				"file_name": file_doc.file_name,
				"status": result.status,
				"signer": result.signer,
				"organisation": result.organisation,
				"signing_time": system_time(result.signing_time),
				"changed_after_signing": int(result.changed_after_signing),
				"summary": text,
				"checked_on": checked_on,
			}
		).db_insert()
	if frappe.get_meta("File").has_field(FILE_STATUS_FIELD):
		frappe.db.set_value(
			"File", file_doc.name, FILE_STATUS_FIELD, "\n".join(summaries), update_modified=False
		)


def system_time(moment: datetime | None) -> datetime | None:
	"""An aware time as the naive system-timezone time Frappe stores."""
	if moment is None:
		return None
	if moment.tzinfo is None:
		moment = moment.replace(tzinfo=timezone.utc)
	utc = moment.astimezone(timezone.utc).replace(tzinfo=None)
	return convert_utc_to_system_timezone(utc).replace(tzinfo=None)


def summary(result: SignatureResult) -> str:
	"""The verdict in words: "Digitally signed by ..., valid" / "..., invalid" / "..., not verified"."""
	if result.status == UNSIGNED:
		return _("No digital signature")
	if not result.signer:
		return _("The signatures could not be verified: {0}").format(result.error)
	who = result.signer + (f" ({result.organisation})" if result.organisation else "")
	verdicts = {
		VALID: _("Digitally signed by {0}, valid"),
		INVALID: _("Digitally signed by {0}, invalid"),
		NOT_VERIFIED: _("Digitally signed by {0}, not verified"),
	}
	parts = [verdicts[result.status].format(who)]
	if result.changed_after_signing:
		parts.append(_("the document was changed after signing"))
	elif result.error:
		parts.append(_("could not be verified: {0}").format(result.error))
	elif result.status == NOT_VERIFIED:
		parts.append(_("the certificate does not chain to a trusted root certificate"))
	return "; ".join(parts)


FILE_CUSTOM_FIELDS = {
	"File": [
		{
			"fieldname": FILE_STATUS_FIELD,
			"fieldtype": "Small Text",
			"label": "Digital Signature",
			"insert_after": "attached_to_field",
			"read_only": 1,
			"no_copy": 1,
			"depends_on": f"eval:doc.{FILE_STATUS_FIELD}",
		}
	]
}


def make_file_fields() -> None:
	"""The file's Digital Signature field (Frappe's File is not the app's to change in its JSON)."""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields(FILE_CUSTOM_FIELDS, update=True)


# --------------------------------------------------------------------------------------------------
# The site: documents signed with the site's certificate
# --------------------------------------------------------------------------------------------------

OFFICIAL_REPORT = "Task Statistics by Agency"
# Visible signature boxes, bottom right of the last page (x1, y1, x2, y2 in points; A4 is 595 x 842); the
# official report's goes in its signature block (official_report.signature_box), this one when not found.
PORTRAIT_BOX = (335, 24, 565, 94)
LANDSCAPE_BOX = (582, 24, 812, 94)


class SigningNotConfigured(frappe.ValidationError):
	http_status_code = 412


class InvalidSigningCertificate(frappe.ValidationError):
	http_status_code = 422


def signing_certificate_file(file_url: str):
	name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	if not name:
		frappe.throw(
			_("The signing certificate file {0} was not found.").format(file_url), SigningNotConfigured
		)
	file_doc = frappe.get_doc("File", name)
	if not file_doc.is_private:
		frappe.throw(
			_("The signing certificate must be a private file: upload it again with Private ticked."),
			InvalidSigningCertificate,
		)
	return file_doc


def load_signer(file_url: str, password: str) -> signers.SimpleSigner:
	"""The site's PKCS#12 certificate with its key."""
	path = signing_certificate_file(file_url).get_full_path()
	signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() if password else None)
	if signer is None:
		frappe.throw(
			_(
				"The signing certificate cannot be opened: it is not a PKCS#12 file, or its password is wrong."
			),
			InvalidSigningCertificate,
		)
	return signer


def site_signer() -> tuple[signers.SimpleSigner, settings.SigningSettings]:
	config = settings.signing_settings()
	if not config.certificate:
		frappe.throw(
			_("No signing certificate: set one in Directive Settings → Digital Signature."),
			SigningNotConfigured,
		)
	return load_signer(config.certificate, config.password), config


def certificate_holder(signer: signers.SimpleSigner) -> str:
	names = signer_names(signer.signing_cert)
	valid_to = signer.signing_cert["tbs_certificate"]["validity"]["not_after"].native
	return _("{0} ({1}), valid until {2}").format(
		names["signer"] or "", names["organisation"] or "", system_time(valid_to).strftime("%d/%m/%Y")
	)


def sign_with_site_certificate(
	pdf: bytes, box: tuple[int, int, int, int], site: tuple[signers.SimpleSigner, settings.SigningSettings]
) -> tuple[bytes, str]:
	"""The PDF signed by the site's certificate (`site_signer()`, opened before the PDF is made, so that a
	site without one answers at once), and the signer's name as shown."""
	signer, config = site
	name = config.signer_name or signer_names(signer.signing_cert)["signer"] or ""
	now = now_datetime()
	signed = sign_pdf(
		pdf,
		signer,
		SignatureBox(
			name=name,
			title=config.signer_title,
			time=now.strftime("%d/%m/%Y %H:%M:%S"),
			box=box,
			reason=config.reason or None,
			location=config.location or None,
		),
		signed_at=datetime.now(timezone.utc),
	)
	return signed, name


def attach_signed_file(doctype: str, name: str, file_name: str, content: bytes):
	"""A private file attached by the system: the caller was checked, and a submitted report takes no
	attachment from its users (permissions.has_reference_permission)."""
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)


def sign_progress_report(report_name: str):
	"""The final progress report's print, signed and attached to it."""
	site = site_signer()
	pdf = frappe.get_print("Progress Report", report_name, as_pdf=True)
	signed, _name = sign_with_site_certificate(pdf, PORTRAIT_BOX, site)
	return attach_signed_file(
		"Progress Report", report_name, f"{report_name}-da-ky-so.pdf".replace("/", "-"), signed
	)


def sign_official_report(filters: dict):
	"""The official report signed and kept as a Signed Report, the PDF attached to it."""
	from chidao_dieuhanh import official_report

	site = site_signer()
	pdf = official_report.pdf(filters)
	box = official_report.signature_box(pdf, site[1].signer_name, LANDSCAPE_BOX)
	signed, signer = sign_with_site_certificate(pdf, box, site)
	record = frappe.get_doc(
		{
			"doctype": "Signed Report",
			"report": OFFICIAL_REPORT,
			"filters": frappe.as_json(filters),
			"period": official_report.period_text(filters),
			"signer": signer,
			"signed_by": frappe.session.user,
			"signed_on": now_datetime(),
		}
	)
	record.flags.made_by_signing = True
	record.insert(ignore_permissions=True)
	file_doc = attach_signed_file("Signed Report", record.name, f"bao-cao-ket-qua-{record.name}.pdf", signed)
	record.db_set("signed_file", file_doc.file_url)
	return record
