# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Agency types as local government is since 1 July 2025: a list the office keeps in the desk, shipped with
the provincial departments and boards, the commune-level People's Committees, the central agencies and
"Other"; the patch that moves an existing site's agencies onto it, losing nothing."""

import frappe
from frappe.tests.test_api import FrappeAPITestCase

from chidao_dieuhanh.chidao_dieuhanh.doctype.agency_type.agency_type import (
	COMMUNE,
	DEPARTMENT,
	OTHER,
	STANDARD_TYPES,
)
from chidao_dieuhanh.patches.v0_1 import agency_types_two_levels
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_agency
from chidao_dieuhanh.tests.test_permissions import api_token

OLD_DEPARTMENT = "Test Old-Type Department"
OLD_DISTRICT = "Test Old-Type District"
OLD_HAND_WRITTEN = "Test Old-Type Hand Written"
NEW_TYPE = "Test Public Service Unit"


class TestAgencyTypes(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.manager = {"Authorization": api_token(cls.p.manager)}
		cls.focal = {"Authorization": api_token(cls.p.focal_a)}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		names = [OLD_DEPARTMENT, OLD_DISTRICT, OLD_HAND_WRITTEN]
		frappe.db.delete("Comment", {"reference_doctype": "Agency", "reference_name": ["in", names]})
		for name in names:
			if frappe.db.exists("Agency", name):
				frappe.delete_doc("Agency", name, force=True, ignore_permissions=True)
		for name in (NEW_TYPE, "Test Hand-Written Kind"):
			frappe.db.delete("Agency Type", name)
		frappe.db.commit()
		super().tearDownClass()

	def test_a_new_site_has_the_two_level_types_and_no_district_level(self):
		names = set(frappe.get_all("Agency Type", pluck="name"))
		self.assertLessEqual({name for name, _description in STANDARD_TYPES}, names)
		self.assertEqual(frappe.get_meta("Agency").get_field("agency_type").options, "Agency Type")
		self.assertEqual(frappe.get_meta("Agency").get_field("agency_type").default, DEPARTMENT)
		frappe.local.lang = "vi"
		try:
			self.assertEqual(frappe._(COMMUNE), "UBND cấp xã")
			self.assertEqual(frappe._(DEPARTMENT), "Sở, ban, ngành tỉnh")
		finally:
			frappe.local.lang = "en"
		for name in names:
			self.assertNotIn("District", name)

	def test_the_office_adds_a_type_and_gives_it_to_an_agency_agencies_only_read_them(self):
		response = self.post(
			"/api/resource/Agency Type",
			{"agency_type_name": NEW_TYPE, "description": "Đơn vị sự nghiệp công lập"},
			headers=self.manager,
		)
		self.assertEqual(response.status_code, 200, response.text)
		frappe.db.commit()
		response = self.put(
			f"/api/resource/Agency/{self.p.agency_b}", {"agency_type": NEW_TYPE}, headers=self.manager
		)
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(frappe.db.get_value("Agency", self.p.agency_b, "agency_type"), NEW_TYPE)
		response = self.put(
			f"/api/resource/Agency/{self.p.agency_b}", {"agency_type": "No Such Kind"}, headers=self.manager
		)
		self.assertEqual(response.status_code, 417, response.text)  # Frappe's LinkValidationError
		self.assertEqual(frappe.db.get_value("Agency", self.p.agency_b, "agency_type"), NEW_TYPE)
		frappe.db.set_value("Agency", self.p.agency_b, "agency_type", DEPARTMENT)

		response = self.get("/api/resource/Agency Type", {"limit_page_length": 100}, headers=self.focal)
		self.assertEqual(response.status_code, 200, response.text)
		self.assertIn(COMMUNE, [row["name"] for row in response.json["data"]])
		response = self.post(
			"/api/resource/Agency Type", {"agency_type_name": "Test By Agency"}, headers=self.focal
		)
		self.assertEqual(response.status_code, 403, response.text)
		self.assertFalse(frappe.db.exists("Agency Type", "Test By Agency"))
		frappe.db.commit()

	def test_the_patch_moves_an_old_sites_agencies_losing_nothing(self):
		for name in (OLD_DEPARTMENT, OLD_DISTRICT, OLD_HAND_WRITTEN):
			make_agency(name, parent=self.p.group)
		# an existing site's values of the former fixed choice (a Select before)
		frappe.db.set_value("Agency", OLD_DEPARTMENT, "agency_type", "Department")
		frappe.db.set_value("Agency", OLD_DISTRICT, "agency_type", "District People's Committee")
		frappe.db.set_value("Agency", OLD_HAND_WRITTEN, "agency_type", "Test Hand-Written Kind")
		frappe.db.delete("Agency Type", COMMUNE)

		agency_types_two_levels.execute()
		agency_types_two_levels.execute()  # a second run changes nothing

		self.assertTrue(frappe.db.exists("Agency Type", COMMUNE))
		self.assertEqual(frappe.db.get_value("Agency", OLD_DEPARTMENT, "agency_type"), DEPARTMENT)
		self.assertEqual(frappe.db.get_value("Agency", OLD_DISTRICT, "agency_type"), OTHER)
		self.assertEqual(
			frappe.db.get_value("Agency", OLD_HAND_WRITTEN, "agency_type"), "Test Hand-Written Kind"
		)
		self.assertTrue(frappe.db.exists("Agency Type", "Test Hand-Written Kind"))
		comments = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Agency", "reference_name": OLD_DISTRICT},
			pluck="content",
		)
		self.assertEqual(len(comments), 1, comments)
		self.assertIn("District People's Committee", comments[0])
		for name in (OLD_DEPARTMENT, OLD_DISTRICT, OLD_HAND_WRITTEN):
			frappe.get_doc("Agency", name).save()  # every link resolves
