"""API tokens of test users, written straight to the User's key and its encrypted secret: a User save
(`test_permissions.api_token`) takes seconds on a loaded machine, and these tests make many."""

import frappe
from frappe.utils.password import set_encrypted_password


def quick_token(user: str) -> str:
	key = frappe.db.get_value("User", user, "api_key") or frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	frappe.db.set_value("User", user, "api_key", key, update_modified=False)
	set_encrypted_password("User", user, secret, "api_secret")
	return f"token {key}:{secret}"
