# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from cryptography.hazmat.primitives.serialization import Encoding
from frappe import _
from frappe.model.document import Document

from chidao_dieuhanh import signatures


class InvalidCertificateFile(frappe.ValidationError):
	http_status_code = 422


class DuplicateRootCertificate(frappe.ValidationError):
	http_status_code = 409


class TrustedRootCertificate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		certificate: DF.Attach
		certificate_pem: DF.Code | None
		enabled: DF.Check
		fingerprint_sha256: DF.Data | None
		issuer: DF.SmallText | None
		subject: DF.SmallText | None
		title: DF.Data
		valid_from: DF.Datetime | None
		valid_to: DF.Datetime | None
	# end: auto-generated types

	def validate(self):
		if self.is_new() or self.has_value_changed("certificate"):
			self.read_certificate()
		self.refuse_duplicate()

	def read_certificate(self):
		"""Subject, issuer, fingerprint and validity from the uploaded file (PEM or DER)."""
		try:
			certificate = signatures.load_certificate(self.certificate_bytes())
		except signatures.CertificateFileError:
			frappe.throw(
				_("{0} is not a certificate in PEM or DER format.").format(self.certificate),
				InvalidCertificateFile,
			)
		self.subject = certificate.subject.rfc4514_string()
		self.issuer = certificate.issuer.rfc4514_string()
		self.fingerprint_sha256 = signatures.fingerprint(certificate)
		self.valid_from = signatures.system_time(certificate.not_valid_before_utc)
		self.valid_to = signatures.system_time(certificate.not_valid_after_utc)
		self.certificate_pem = certificate.public_bytes(Encoding.PEM).decode()

	def certificate_bytes(self) -> bytes:
		name = frappe.db.get_value("File", {"file_url": self.certificate}, "name")
		if not name:
			frappe.throw(_("The file {0} was not found.").format(self.certificate), InvalidCertificateFile)
		try:
			with open(frappe.get_doc("File", name).get_full_path(), "rb") as f:
				return f.read()
		except OSError:
			frappe.throw(_("The file {0} was not found.").format(self.certificate), InvalidCertificateFile)

	def refuse_duplicate(self):
		other = frappe.db.get_value(
			self.doctype, {"fingerprint_sha256": self.fingerprint_sha256, "name": ["!=", self.name]}, "title"
		)
		if other:
			frappe.throw(
				_("This certificate is already trusted as {0}.").format(frappe.bold(other)),
				DuplicateRootCertificate,
			)
