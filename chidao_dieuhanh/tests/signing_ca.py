"""A certification authority made at test time: a root, a signer's certificate under it (CN and O, as the
government CA issues them), a PKCS#12 of the signer, and PDFs signed with it. Used by the signature tests
and the benchmark; needs no site."""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from io import BytesIO

from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from chidao_dieuhanh import signatures


def _name(common_name: str, organisation: str) -> x509.Name:
	return x509.Name(
		[
			x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
			x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
			x509.NameAttribute(NameOID.COMMON_NAME, common_name),
		]
	)


def _key() -> rsa.RSAPrivateKey:
	return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Identity:
	key: rsa.RSAPrivateKey
	cert: x509.Certificate
	chain: tuple[x509.Certificate, ...] = ()

	@property
	def pem(self) -> bytes:
		return self.cert.public_bytes(serialization.Encoding.PEM)

	@property
	def der(self) -> bytes:
		return self.cert.public_bytes(serialization.Encoding.DER)

	def pkcs12(self, password: str) -> bytes:
		return pkcs12.serialize_key_and_certificates(
			b"signer",
			self.key,
			self.cert,
			list(self.chain),
			serialization.BestAvailableEncryption(password.encode()),
		)

	def signer(self) -> signers.SimpleSigner:
		registry = SimpleCertificateStore()
		registry.register_multiple([signatures.to_asn1(c) for c in self.chain])
		return signers.SimpleSigner(
			signing_key=asn1_keys.PrivateKeyInfo.load(
				self.key.private_bytes(
					serialization.Encoding.DER,
					serialization.PrivateFormat.PKCS8,
					serialization.NoEncryption(),
				)
			),
			signing_cert=signatures.to_asn1(self.cert),
			cert_registry=registry,
		)

	def sign_raw(self, data: bytes) -> bytes:
		"""What a USB token does with the bytes it is given: RSA PKCS#1 v1.5 over their SHA-256."""
		return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def make_root(common_name: str, organisation: str) -> Identity:
	key = _key()
	now = datetime.now(timezone.utc)
	name = _name(common_name, organisation)
	cert = (
		x509.CertificateBuilder()
		.subject_name(name)
		.issuer_name(name)
		.public_key(key.public_key())
		.serial_number(x509.random_serial_number())
		.not_valid_before(now - timedelta(days=1))
		.not_valid_after(now + timedelta(days=3650))
		.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
		.add_extension(
			x509.KeyUsage(
				digital_signature=False,
				content_commitment=False,
				key_encipherment=False,
				data_encipherment=False,
				key_agreement=False,
				key_cert_sign=True,
				crl_sign=True,
				encipher_only=False,
				decipher_only=False,
			),
			critical=True,
		)
		.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
		.sign(key, hashes.SHA256())
	)
	return Identity(key, cert)


def issue(root: Identity, common_name: str, organisation: str) -> Identity:
	key = _key()
	now = datetime.now(timezone.utc)
	cert = (
		x509.CertificateBuilder()
		.subject_name(_name(common_name, organisation))
		.issuer_name(root.cert.subject)
		.public_key(key.public_key())
		.serial_number(x509.random_serial_number())
		.not_valid_before(now - timedelta(hours=1))
		.not_valid_after(now + timedelta(days=365))
		.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
		.add_extension(
			x509.KeyUsage(
				digital_signature=True,
				content_commitment=True,
				key_encipherment=False,
				data_encipherment=False,
				key_agreement=False,
				key_cert_sign=False,
				crl_sign=False,
				encipher_only=False,
				decipher_only=False,
			),
			critical=True,
		)
		.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
		.add_extension(
			x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()), critical=False
		)
		.sign(root.key, hashes.SHA256())
	)
	return Identity(key, cert, chain=(root.cert,))


def blank_pdf(text: str = "Văn bản chỉ đạo") -> bytes:
	"""A one-page A4 PDF with a line of text (pypdf), the kind of document an agency signs."""
	from pypdf import PdfWriter
	from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

	writer = PdfWriter()
	page = writer.add_blank_page(595, 842)
	font = DictionaryObject(
		{
			NameObject("/Type"): NameObject("/Font"),
			NameObject("/Subtype"): NameObject("/Type1"),
			NameObject("/BaseFont"): NameObject("/Helvetica"),
		}
	)
	page[NameObject("/Resources")] = DictionaryObject(
		{NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
	)
	content = DecodedStreamObject()
	ascii_text = text.encode("ascii", "replace").decode()
	content.set_data(f"BT /F1 14 Tf 72 760 Td ({ascii_text}) Tj ET".encode())
	page[NameObject("/Contents")] = writer._add_object(content)
	out = BytesIO()
	writer.write(out)
	return out.getvalue()


def signed_pdf(identity: Identity, pdf: bytes | None = None) -> bytes:
	return signatures.sign_pdf(
		pdf or blank_pdf(),
		identity.signer(),
		signatures.SignatureBox(
			name=identity.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value,
			title="Giám đốc",
			time=datetime.now().strftime("%d/%m/%Y %H:%M:%S"),
			box=signatures.PORTRAIT_BOX,
		),
		signed_at=datetime.now(timezone.utc),
	)


def changed_after_signing(signed: bytes) -> bytes:
	"""An incremental update that replaces the page's content after the signature (the signature's own
	bytes stay intact)."""
	from pyhanko.pdf_utils import generic
	from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

	writer = IncrementalPdfFileWriter(BytesIO(signed))
	page_ref, _resources = writer.find_page_for_modification(0)
	page = page_ref.get_object()
	page["/Contents"] = writer.add_object(
		generic.StreamObject(stream_data=b"BT /F1 14 Tf 72 760 Td (Noi dung da bi sua) Tj ET")
	)
	writer.update_container(page)
	out = BytesIO()
	writer.write(out)
	return out.getvalue()


class NssTrustStore:
	"""An NSS database trusting one root, for poppler's pdfsig (certutil, Debian libnss3-tools). The test
	certificates carry no OCSP address, so pdfsig asks no one (its -no-ocsp makes poppler 22.12 report the
	chain as an unknown issue)."""

	def __init__(self, root: Identity):
		self.root = root
		self.path = None

	def __enter__(self):
		self.path = tempfile.mkdtemp(prefix="chidao-nss-")
		root_file = os.path.join(self.path, "root.pem")
		with open(root_file, "wb") as f:
			f.write(self.root.pem)
		subprocess.run(["certutil", "-N", "-d", f"sql:{self.path}", "--empty-password"], check=True)
		subprocess.run(
			[
				"certutil",
				"-A",
				"-d",
				f"sql:{self.path}",
				"-n",
				"chidao-test-root",
				"-t",
				"CT,C,C",
				"-i",
				root_file,
			],
			check=True,
		)
		return self

	def __exit__(self, *exc):
		shutil.rmtree(self.path, ignore_errors=True)

	def pdfsig(self, pdf: bytes) -> str:
		with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
			f.write(pdf)
			f.flush()
			result = subprocess.run(
				["pdfsig", "-nssdir", f"sql:{self.path}", f.name],
				capture_output=True,
				text=True,
				check=False,
			)
		return result.stdout + result.stderr
