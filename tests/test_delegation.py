"""When a delegate's workflow action is written as done on behalf of the delegator (delegation.py). No site
needed."""

from chidao_dieuhanh.delegation import acts_on_behalf

OFFICE_LEADER, OFFICER = "Office Leader", "Tracking Officer"


def test_an_action_only_a_given_role_allows_is_on_behalf():
	assert acts_on_behalf({OFFICE_LEADER}, {OFFICE_LEADER}, set(), None, False)


def test_an_action_the_delegates_own_role_also_allows_is_its_own():
	assert not acts_on_behalf({OFFICE_LEADER, OFFICER}, {OFFICE_LEADER}, set(), None, False)
	assert not acts_on_behalf({OFFICER}, set(), set(), "Sở A", False)


def test_an_action_on_a_task_of_an_agency_the_delegation_opened_is_on_behalf():
	assert acts_on_behalf({"Agency Focal Point"}, set(), {"Sở A"}, "Sở A", False)
	assert not acts_on_behalf({"Agency Focal Point"}, set(), {"Sở A"}, "Sở B", False)


def test_an_action_on_a_task_the_delegator_tracks_is_on_behalf():
	assert acts_on_behalf({OFFICER}, set(), set(), None, True)


def test_no_role_used_is_nothing_given():
	assert not acts_on_behalf(set(), set(), set(), None, False)
