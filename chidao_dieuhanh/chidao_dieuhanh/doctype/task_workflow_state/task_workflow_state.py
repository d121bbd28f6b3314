# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from chidao_dieuhanh.permissions import ChildRow


class TaskWorkflowState(ChildRow):
	pass
