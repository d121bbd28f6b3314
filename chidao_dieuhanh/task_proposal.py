"""Tasks proposed from the text of a directive (thông báo kết luận, công văn), and from pasted lines.

Pure (no database) so that the rules are tested without a site; `chidao_dieuhanh.api.directive_tasks`
gives it the site's agencies, working calendar and the directive's text.

How documents are read:

- Items are the lines that start with a marker: Roman numerals ("II."), numbers ("1.", "1.2.", "3)",
  "1/", "(1)"), letters ("a)", "đ.", "a/", "(a)") or dashes ("-", "+", "•"). The kinds nest in the order
  they first appear. A line without a marker continues the item above it (PDF text wraps lines), unless
  the line above ended a sentence and this one starts a new paragraph with a capital letter. An item that
  has sub-items is a heading: its sub-items are the tasks, and they take its lead, coordinators and
  deadline when they name none. A paragraph without a marker that assigns work to a known agency ("Giao
  Văn phòng UBND tỉnh theo dõi, đôn đốc ...") is a task too. Reading starts after the first line that ends
  with "như sau:", "sau đây:", "yêu cầu:", "chỉ đạo:", "đề nghị:", "kết luận:" or "ý kiến:", and stops
  at "Nơi nhận" or the closing sentence ("... thông báo để ... biết, thực hiện").
- The lead agency (đơn vị chủ trì): "Giao <agency> (chủ trì) ...", "<agency> chủ trì ...",
  "Đề nghị / Yêu cầu <agency> ...", "Chủ trì: <agency>", or the agency the item starts with. A lead written
  in the text but not in the agency list is kept as written (`lead_text`) for the officer to choose.
- The coordinators: the agencies named after "phối hợp (với)", up to the next verb or sentence end.
- The deadline: "(hoàn thành) trước (ngày) 15/01/2027", "chậm nhất ngày 15 tháng 01 năm 2027", "trong tháng
  12/2026" (its last day), "trong quý I/2027" (the quarter's last day), "6 tháng đầu năm 2027", "trong năm
  2027" (31/12), "trong 10 ngày làm việc" (working days from the assignment date, with the working
  calendar; from the signing date, as a date, when the text says "kể từ ngày ký"), "trong 15 ngày"
  (calendar days), "Thời gian: 2027 - 2030" (31/12/2030); "thường xuyên", "hằng năm", "trước ngày 15/12
  hằng năm" are no deadline. Dates after "ngày" alone are references to other documents ("Kế hoạch số
  12/KH-UBND ngày 05/11/2026"), not deadlines. When an item gives two deadlines (a report, then
  completion), the task's deadline is the later one: the task is done when everything in it is done.

Agency names are matched whatever the case, the tone marks (missing, or placed the old way: "Uỷ"/"Ủy",
"hoà"/"hòa"), "UBND" / "Ủy ban nhân dân", "VP" / "Văn phòng", "&" / "và", and "các Sở: Tài chính, Xây
dựng" (the type said once for a list). Besides the short names listed on the agency, the usual short form
of Vietnamese administrative writing is recognised by itself: the agency's type word kept, the rest
written as the initials of its syllables, "và" as "&" or left out ("Sở TC", "Sở NN&MT", "Sở GD&ĐT", "Sở
VHTTDL", "Ban DT"). Initials of the whole name ("STC", "SNV") are codes used inside software, not in
documents, so they are not guessed (list them as short names if an agency does use them). A short form
that two agencies would share is not used.
"""

import calendar as month_calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from chidao_dieuhanh.working_days import WorkCalendar

# ------------------------------------------------------------------------------------------------
# Folding: one character for one character, so that positions in the folded text are positions in the text
# ------------------------------------------------------------------------------------------------


def fold(text: str) -> str:
	"""Lower case without tone or vowel marks, đ as d; the same length as `text` (NFC)."""
	return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
	if char in "đĐðÐ":  # Ð (eth) stands for Đ in documents typed with old fonts
		return "d"
	base = unicodedata.normalize("NFD", char)[0]
	return base.lower() if len(base.lower()) == 1 else char


def clean(text: str) -> str:
	return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


# ------------------------------------------------------------------------------------------------
# Agencies
# ------------------------------------------------------------------------------------------------

# Written forms that stand for the same words (folded tokens).
CANONICAL_PHRASES = {
	("uy", "ban", "nhan", "dan"): "ubnd",
	("van", "phong"): "vp",
	("thanh", "pho"): "tp",
	("thi", "xa"): "tx",
	("bo", "chi", "huy", "quan", "su"): "bchqs",
	("bo", "chqs"): "bchqs",
	("&",): "va",
}
# Type words kept in front of the initials in the usual short forms.
SHORT_FORM_HEADS = ("so", "ban")
# "các Sở: Tài chính, Xây dựng và Y tế": the type word said once for a list.
LIST_HEADS = {("cac", "so"): ("so",), ("cac", "ban"): ("ban",)}
ABBREVIATION_MAX = 8
TOKEN = re.compile(r"\w+|&")


@dataclass(frozen=True)
class Token:
	word: str  # folded, canonical
	start: int
	end: int
	abbreviation: bool = False  # written in capitals: part of a short form


@dataclass(frozen=True)
class AgencyMention:
	agency: str
	start: int
	end: int


def tokenize(text: str) -> list[Token]:
	text = unicodedata.normalize("NFC", text)
	folded = fold(text)
	raw = [
		Token(folded[m.start() : m.end()], m.start(), m.end(), _is_abbreviation(m.group()))
		for m in TOKEN.finditer(text)
	]
	tokens, i = [], 0
	while i < len(raw):
		for phrase, word in CANONICAL_PHRASES.items():
			if tuple(t.word for t in raw[i : i + len(phrase)]) == phrase:
				tokens.append(Token(word, raw[i].start, raw[i + len(phrase) - 1].end, word == "va"))
				i += len(phrase)
				break
		else:
			tokens.append(raw[i])
			i += 1
	return tokens


def _is_abbreviation(word: str) -> bool:
	return word == "&" or (word.isupper() and len(word) <= ABBREVIATION_MAX)


def _words(text: str) -> tuple[str, ...]:
	return tuple(t.word for t in tokenize(text))


def short_form_key(name: str) -> tuple[str, str] | None:
	"""("so", "nnmt") for "Sở Nông nghiệp và Môi trường": the type word and the initials of the rest."""
	words = [t.word for t in tokenize(name)]
	if len(words) < 2 or words[0] not in SHORT_FORM_HEADS:
		return None
	rest = [w for w in words[1:] if w != "va"]
	if rest and rest[-1] == "tinh":
		rest = rest[:-1]
	if len(rest) < 2:
		return None
	return words[0], "".join(w[0] for w in rest)


class AgencyMatcher:
	"""Finds the agencies of a list in a text, by their names, their listed short names and the usual short
	forms."""

	def __init__(self, agencies: Iterable[tuple[str, Iterable[str]]]):
		agencies = [(name, [s for s in short_names if clean(s)]) for name, short_names in agencies]
		self.agencies = [name for name, _short_names in agencies]
		self.names: dict[tuple[str, ...], str | None] = {_words(name): name for name in self.agencies}
		full_names = set(self.names)
		short_forms: dict[tuple[str, str], set[str]] = {}
		for name, short_names in agencies:
			key = short_form_key(name)
			if key:
				short_forms.setdefault(key, set()).add(name)
			for short_name in short_names:
				words = _words(short_name)
				if words in full_names:
					continue  # a full name wins over another agency's short name
				self.names[words] = name if self.names.get(words, name) == name else None
				tokens = tokenize(short_name)
				found = self._short_form_of_tokens(tokens, 0)
				if found and found[1] == len(tokens):
					short_forms.setdefault(found[0], set()).add(name)
		# a short form two agencies would share says nothing
		self.short_forms = {
			key: names.pop() if len(names) == 1 else None for key, names in short_forms.items()
		}
		self.longest = max((len(k) for k in self.names), default=0)

	@classmethod
	def from_rows(cls, rows: Iterable[dict]) -> "AgencyMatcher":
		"""Rows with `name` and `short_names` (one per line, as the Agency keeps them)."""
		return cls((row["name"], (row.get("short_names") or "").splitlines()) for row in rows)

	def find_all(self, text: str) -> list[AgencyMention]:
		tokens = tokenize(text)
		mentions, i, list_head, list_open = [], 0, (), False
		while i < len(tokens):
			found = (list_open and self._match_at(tokens, i, list_head)) or self._match_at(tokens, i)
			if found:
				agency, length = found
				mentions.append(AgencyMention(agency, tokens[i].start, tokens[i + length - 1].end))
				i += length
				# the next item of "các Sở: A, B và C" comes after a comma or "và"
				list_open = False
				if list_head and i < len(tokens):
					if tokens[i].word == "va":
						list_open, i = True, i + 1
					else:
						list_open = "," in text[tokens[i - 1].end : tokens[i].start]
				continue
			head = tuple(t.word for t in tokens[i : i + 2])
			if head in LIST_HEADS:
				list_head, list_open = LIST_HEADS[head], True
				i += 2
				continue
			list_head, list_open = (), False
			i += 1
		return mentions

	def _match_at(self, tokens: list[Token], i: int, prefix: tuple[str, ...] = ()) -> tuple[str, int] | None:
		words = [t.word for t in tokens[i : i + self.longest]]
		for length in range(len(words), 0, -1):
			agency = self.names.get((*prefix, *words[:length]))
			if agency:
				short = None if prefix else self._short_form_at(tokens, i)
				return short if short and short[1] > length else (agency, length)
		return None if prefix else self._short_form_at(tokens, i)

	def _short_form_at(self, tokens: list[Token], i: int) -> tuple[str, int] | None:
		found = self._short_form_of_tokens(tokens, i)
		if not found:
			return None
		key, length = found
		agency = self.short_forms.get(key)
		return (agency, length) if agency else None

	@staticmethod
	def _short_form_of_tokens(tokens: list[Token], i: int) -> tuple[tuple[str, str], int] | None:
		"""The short form ("Sở TN&MT", "Sở KH và CN") starting at token i: its key and its length."""
		if i >= len(tokens) or tokens[i].word not in SHORT_FORM_HEADS:
			return None
		letters, j, last = "", i + 1, None
		while j < len(tokens) and (tokens[j].abbreviation or (tokens[j].word == "va" and letters)):
			if tokens[j].word != "va":
				letters += tokens[j].word
				last = j
			j += 1
		if last is None:
			return None
		return (tokens[i].word, letters), last - i + 1

	def match(self, written: str) -> str | None:
		"""The agency a cell names: the whole cell, else the first agency found in it."""
		written = clean(written)
		if not written:
			return None
		for name in self.agencies:
			if fold(name) == fold(written):
				return name
		mentions = self.find_all(written)
		return mentions[0].agency if mentions else None


# ------------------------------------------------------------------------------------------------
# Deadlines
# ------------------------------------------------------------------------------------------------

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
BEFORE = (
	r"(?:truoc|cham\s+nhat(?:\s+la)?(?:\s+vao)?|han\s+chot(?:\s+la)?|thoi\s+han(?:\s+hoan\s+thanh)?"
	r"|den\s+het|den|xong\s+truoc)"
)
DATE_BEFORE = re.compile(
	BEFORE + r"\s*(?:ngay)?\s*:?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?![\d/])"
)
WORDS_DATE_BEFORE = re.compile(BEFORE + r"\s*(?:ngay)?\s*(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?")
TIME_LABEL = (
	r"thoi\s+(?:han|gian)(?:\s+thuc\s+hien|\s+hoan\s+thanh)?\s*:"  # "Thời hạn:", "Thời gian thực hiện:"
)
WITHIN = r"trong|truoc|cuoi|het|(?:" + TIME_LABEL + ")"
MONTH = re.compile(r"\b(" + WITHIN + r")\s*thang\s+(\d{1,2})(?:\s*(?:/|\s+nam\s+)\s*(\d{4}))?")
QUARTER = re.compile(r"\b(tu\s+|truoc\s+)?quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|\s+nam\s+)\s*(\d{4})")
PART_OF_YEAR = re.compile(
	r"\b(6|sau|9|chin)\s+thang\s+(dau|cuoi)\s+nam\s+(\d{4})|\bnua\s+(dau|cuoi)\s+nam\s+(\d{4})"
)
YEAR = re.compile(
	r"\b(trong|truoc\s+het|cuoi|het|truoc|hoan\s+thanh|" + WITHIN + r")\s*(?:trong\s+)?nam\s+(\d{4})"
)
# "Thời gian thực hiện: 2027 - 2030": the end of the last year.
YEARS = re.compile(r"(" + TIME_LABEL + r")\s*(?:nam\s+|giai\s+doan\s+)?(\d{4})\s*[-–]\s*(\d{4})\b")
EVERY = re.compile(r"\s*(?:cua\s+)?hang\s+(?:nam|quy|thang)\b")
FROM_ISSUE = re.compile(r"\s*,?\s*(?:ke\s+)?tu\s+ngay\s+(?:ky|ban\s+hanh)\b")
WORKING_DAYS = re.compile(r"\b(\d{1,4})\s+ngay\s+lam\s+viec")
CALENDAR_DAYS = re.compile(r"\btrong\s+(?:vong\s+|thoi\s+han\s+)?(\d{1,4})\s+ngay\b(?!\s+lam\s+viec)")
# Continuous or recurring work ("hằng năm", "định kỳ hằng quý") has no deadline of its own.
NO_DEADLINE = re.compile(
	r"\bthuong\s+xuyen\b|\bkhong\s+(?:co\s+)?thoi\s+han\b|\bhang\s+(?:ngay|tuan|thang|quy|nam)\b|\blau\s+dai\b"
)
MAX_WORKING_DAYS = 1000


@dataclass(frozen=True)
class Deadline:
	deadline: date | None = None
	working_days: int = 0
	no_deadline: bool = False


def _day(year: int, month: int, day: int) -> date | None:
	try:
		return date(year, month, day)
	except ValueError:
		return None


def _month_end(year: int, month: int) -> date | None:
	if not 1 <= month <= 12:
		return None
	return date(year, month, month_calendar.monthrange(year, month)[1])


def _quarter_end(year: int, quarter: int) -> date | None:
	return _month_end(year, quarter * 3) if 1 <= quarter <= 4 else None


def find_deadlines(
	text: str, assigned_on: date, calendar: WorkCalendar, issued_on: date | None = None
) -> list[Deadline]:
	"""Every deadline the text gives, in the order they are written. Days are counted from the assignment
	date, or from the issue date when the text says so ("kể từ ngày ký văn bản này"): then the deadline is a
	date, since a task's working days run from its assignment."""
	folded = fold(unicodedata.normalize("NFC", text))
	found: list[tuple[int, Deadline]] = []
	taken: list[tuple[int, int]] = []  # a wording read by one pattern is not read again by a shorter one

	def add(match: re.Match, deadline: date | None, working_days: int = 0) -> None:
		span = match.span()
		if deadline and not any(start < span[1] and span[0] < end for start, end in taken):
			taken.append(span)
			found.append((span[0], Deadline(deadline, working_days)))

	for pattern in (DATE_BEFORE, WORDS_DATE_BEFORE):
		for m in pattern.finditer(folded):
			if not m.group(3) and EVERY.match(folded, m.end()):
				continue  # "trước ngày 15/12 hằng năm": a recurring date, no deadline
			day, month = int(m.group(1)), int(m.group(2))
			year = int(m.group(3)) if m.group(3) else assigned_on.year
			value = _day(year, month, day)
			if value and not m.group(3) and value < assigned_on:
				value = _day(year + 1, month, day)
			add(m, value)
	for m in MONTH.finditer(folded):
		year = int(m.group(3)) if m.group(3) else assigned_on.year
		month = int(m.group(2))
		if m.group(1) == "truoc":
			month, year = (month - 1, year) if month > 1 else (12, year - 1)
		add(m, _month_end(year, month))
	for m in QUARTER.finditer(folded):
		if m.group(1) and m.group(1).startswith("tu"):
			continue  # "từ quý I/2027": when it starts
		quarter = ROMAN.get(m.group(2)) or int(m.group(2))
		year = int(m.group(3))
		if m.group(1):
			quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
		add(m, _quarter_end(year, quarter))
	for m in PART_OF_YEAR.finditer(folded):
		if m.group(3):
			months = 6 if m.group(1) in ("6", "sau") else 9
			year, first = int(m.group(3)), m.group(2) == "dau"
			add(m, _month_end(year, months if first else 12))
		else:
			add(m, _month_end(int(m.group(5)), 6 if m.group(4) == "dau" else 12))
	for m in YEAR.finditer(folded):
		year = int(m.group(2))
		add(m, date(year - 1, 12, 31) if m.group(1) == "truoc" else date(year, 12, 31))
	for m in YEARS.finditer(folded):
		add(m, date(int(m.group(3)), 12, 31) if int(m.group(3)) >= int(m.group(2)) else None)
	for m in WORKING_DAYS.finditer(folded):
		days = int(m.group(1))
		if 0 < days <= MAX_WORKING_DAYS:
			if issued_on and FROM_ISSUE.match(folded, m.end()):
				add(m, calendar.add_working_days(issued_on, days))
			else:
				add(m, calendar.add_working_days(assigned_on, days), days)
	for m in CALENDAR_DAYS.finditer(folded):
		start = issued_on if issued_on and FROM_ISSUE.match(folded, m.end()) else assigned_on
		add(m, start + timedelta(days=int(m.group(1))))
	if not found and NO_DEADLINE.search(folded):
		return [Deadline(no_deadline=True)]
	return [deadline for _position, deadline in sorted(found, key=lambda item: item[0])]


def choose_deadline(deadlines: list[Deadline]) -> Deadline | None:
	"""The later of several deadlines (an interim report, then completion)."""
	dated = [d for d in deadlines if d.deadline]
	if dated:
		return max(dated, key=lambda d: (d.deadline, -d.working_days))
	return deadlines[0] if deadlines else None


# ------------------------------------------------------------------------------------------------
# Items of a document
# ------------------------------------------------------------------------------------------------

MARKERS = (
	("roman", re.compile(r"^([IVX]{1,4})[.)]\s+")),
	("number", re.compile(r"^\(?(\d{1,2}(?:\.\d{1,2})*)(?:[.)/]\s*|\s+)(?=[^\d\s/])")),
	("letter", re.compile(r"^\(?([a-zđ])[.)/]\s+")),
	("dash", re.compile(r"^([-–—•+*])\s*")),
)
START = re.compile(r"(nhu\s+sau|sau\s+day|yeu\s+cau|chi\s+dao|de\s+nghi|ket\s+luan|y\s+kien)\s*:\s*$")
STOP = re.compile(
	r"^(noi\s+nhan\b|kt\.\s|tl\.\s|tm\.\s|tuq\.\s|chu\s+tich\s*$|pho\s+chu\s+tich\s*$)"
	r"|thong\s+bao\s+(?:de|cho)\s+.*\b(biet|thuc\s+hien)\b"
	r"|^tren\s+day\s+la\b"
)
ASSIGNING_PARAGRAPH = re.compile(r"(?:giao|de\s+nghi|yeu\s+cau)\s")
SENTENCE_END = re.compile(r"[.;:!?]\s*$")
NOT_A_TASK = re.compile(
	r"^(?:ve\s+)?(?:danh\s+gia\s+chung|nhin\s+chung|ghi\s+nhan|bieu\s+duong|thong\s+nhat|ket\s+qua\s+dat\s+duoc"
	r"|tinh\s+hinh|ubnd\s+tinh\s+(?:danh\s+gia|ghi\s+nhan|bieu\s+duong)|chu\s+tich\s+ubnd\s+tinh\s+"
	r"(?:danh\s+gia|ghi\s+nhan|bieu\s+duong))"
)


@dataclass
class Item:
	text: str
	level: int
	children: list["Item"] = field(default_factory=list)
	parent: "Item | None" = None
	paragraph: bool = False  # a paragraph without a marker: a task only when it names a known lead


def split_items(text: str) -> list[Item]:
	"""The items of the document's body, as a tree (top-level items returned)."""
	lines = [clean(line) for line in unicodedata.normalize("NFC", text or "").splitlines()]
	lines = _without_addressees([line for line in lines if line])
	stop = next((i for i, line in enumerate(lines) if STOP.search(fold(line))), len(lines))
	lines = lines[:stop]
	# The kinds of marker nest in the order they first appear, headings before the body included.
	levels: dict[str, int] = {}
	for line in lines:
		kind = _marker(line)[0]
		if kind:
			levels.setdefault(kind, len(levels))
	start = next((i + 1 for i, line in enumerate(lines) if START.search(fold(line))), 0)
	roots: list[Item] = []
	stack: list[Item] = []
	current: Item | None = None
	previous = ""
	for line in lines[start:]:
		kind, body = _marker(line)
		if kind:
			level = levels[kind]
			while stack and stack[-1].level >= level:
				stack.pop()
			item = Item(body, level, parent=stack[-1] if stack else None)
			(stack[-1].children if stack else roots).append(item)
			stack.append(item)
			current = None if body.isupper() else item  # a heading ("II. NHIỆM VỤ") takes no paragraph
		elif current and (not SENTENCE_END.search(previous) or not line[0].isupper()):
			current.text = f"{current.text} {line}"
		elif ASSIGNING_PARAGRAPH.match(fold(line)):
			current = Item(line, -1, paragraph=True)  # "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc ..."
			roots.append(current)
		else:
			current = None  # a paragraph of its own
		previous = line
	return roots


def _without_addressees(lines: list[str]) -> list[str]:
	"""The lines without "Kính gửi:" and the list of addressees under it."""
	for i, line in enumerate(lines):
		if fold(line).startswith("kinh gui"):
			end = i + 1
			while end < len(lines) and _marker(lines[end])[0] == "dash":
				end += 1
			return lines[:i] + lines[end:]
	return lines


def _marker(line: str) -> tuple[str | None, str]:
	"""The kind of item the line starts ("number2" for "1.2."), and the line without its marker."""
	for kind, pattern in MARKERS:
		m = pattern.match(line)
		if m and line[m.end() :].strip():
			if kind == "number":
				kind = f"number{m.group(1).count('.') + 1}"
			return kind, line[m.end() :].strip()
	return None, line


def leaves(items: list[Item]) -> Iterable[Item]:
	for item in items:
		if item.children:
			yield from leaves(item.children)
		else:
			yield item


# ------------------------------------------------------------------------------------------------
# Proposed tasks
# ------------------------------------------------------------------------------------------------


@dataclass
class ProposedTask:
	content: str
	lead_agency: str | None = None
	lead_text: str | None = None  # the lead as written, when it is not in the agency list
	coordinating_agencies: list[str] = field(default_factory=list)
	deadline: date | None = None
	working_days: int = 0
	no_deadline: bool = False

	def as_dict(self) -> dict:
		return {
			"content": self.content,
			"lead_agency": self.lead_agency,
			"lead_text": self.lead_text,
			"coordinating_agencies": list(self.coordinating_agencies),
			"deadline": self.deadline.isoformat() if self.deadline else None,
			"working_days": self.working_days,
			"no_deadline": self.no_deadline,
		}


# Text right before the lead agency: "Giao", "Đề nghị", "Chủ trì:", "Đối với".
LEAD_BEFORE = re.compile(
	r"(?:\bgiao\s+(?:nhiem\s+vu\s+)?(?:cho\s+)?|\b(?:de\s+nghi|yeu\s+cau|chi\s+dao)\s+|\bchu\s+tri\s*:\s*"
	r"|\bdoi\s+voi\s+)$"
)
# Text right after it: "(chủ trì)", "là cơ quan thường trực, chủ trì", "có trách nhiệm chủ trì".
LEAD_AFTER = re.compile(
	r"^\s*(?:\([^)]*\)\s*)?,?\s*(?:la\s+co\s+quan\s+thuong\s+truc\s*,?\s*)?(?:co\s+trach\s+nhiem\s+)?chu\s+tri"
)
UNKNOWN_LEAD = (
	re.compile(r"\b(?:giao|de\s+nghi|yeu\s+cau)\s+(?:cho\s+)?((?:\S+\s+){0,19}?\S+?)\s*,?\s+chu\s+tri\b"),
	re.compile(r"^((?:\S+\s+){0,19}?\S+?)\s*,?\s+chu\s+tri\b"),
	re.compile(r"\bchu\s+tri\s*:\s*([^.;]+)"),
	re.compile(r"^doi\s+voi\s+([^:]+):"),
)
COORDINATION = re.compile(r"\bphoi\s+hop(?:\s+chat\s+che)?(?:\s+voi)?\b")
# What ends the list of coordinators: a sentence, or the verb of the task.
COORDINATION_END = re.compile(
	r"[.;]|\b(?:de|tham\s+muu|trien\s+khai|xay\s+dung|to\s+chuc|ra\s+soat|hoan\s+thanh|bao\s+cao|thuc\s+hien"
	r"|kiem\s+tra|huong\s+dan|trinh|khan\s+truong|nghien\s+cuu|lap|danh\s+gia|trong|truoc|chi\s+dao"
	r"|tap\s+trung|dam\s+bao|bao\s+dam|theo\s+doi|giai\s+quyet|xu\s+ly|cap|dieu\s+tra|tuyen\s+truyen"
	r"|van\s+dong|chuan\s+bi|quan\s+ly|thanh\s+tra|cung\s+cap|tong\s+hop|de\s+xuat|de\s+nghi|hoan\s+thien"
	r"|ra\s+quan|bo\s+tri|tang\s+cuong|day\s+manh|gui|cham\s+nhat|thoi\s+han|thoi\s+gian)\b"
)
COORDINATION_GAP_WORDS = 12
# Between two leads named together ("Sở Tư pháp, Thanh tra tỉnh kiểm tra"): the second coordinates.
CO_LEAD_GAP = re.compile(r"^\s*(?:,|va\b)\s*$")


def propose_tasks(
	text: str,
	matcher: AgencyMatcher,
	calendar: WorkCalendar,
	assigned_on: date,
	issued_on: date | None = None,
) -> list[ProposedTask]:
	"""The tasks a directive's text gives, for the officer to correct."""
	tasks = []
	for item in leaves(split_items(text)):
		content = _content(item.text)
		if not content or content.isupper() or NOT_A_TASK.search(fold(content)):
			continue
		lead, lead_text, coordinators, deadline = _read_item(item, matcher, calendar, assigned_on, issued_on)
		if item.paragraph and not lead:
			continue
		tasks.append(
			ProposedTask(
				content=content,
				lead_agency=lead,
				lead_text=lead_text,
				coordinating_agencies=[c for c in coordinators if c != lead],
				deadline=deadline.deadline if deadline else None,
				working_days=deadline.working_days if deadline else 0,
				no_deadline=bool(deadline and deadline.no_deadline),
			)
		)
	return tasks


def _content(text: str) -> str:
	return clean(text).rstrip(" ;,.").strip()


def _read_item(
	item: Item, matcher: AgencyMatcher, calendar: WorkCalendar, assigned_on: date, issued_on: date | None
):
	"""An item's lead, coordinators and deadline; what it does not say, its headings say."""
	lead, lead_text, coordinators, deadline = None, None, [], None
	node = item
	while node:
		text = unicodedata.normalize("NFC", node.text)
		mentions = matcher.find_all(text)
		node_lead = find_lead(text, mentions)
		if not lead and not lead_text:
			lead = node_lead.agency if node_lead else None
			lead_text = None if node_lead else find_unknown_lead(text)
		if not coordinators:
			coordinators = find_coordinators(text, mentions, node_lead)
		if not deadline:
			deadline = choose_deadline(find_deadlines(text, assigned_on, calendar, issued_on))
		node = node.parent
	return lead, lead_text, coordinators, deadline


def find_lead(text: str, mentions: list[AgencyMention]) -> AgencyMention | None:
	folded = fold(text)
	for mention in mentions:
		if LEAD_BEFORE.search(folded[: mention.start]):
			return mention
	for mention in mentions:
		if LEAD_AFTER.match(folded[mention.end :]) and not COORDINATION.search(folded[: mention.start]):
			return mention
	if mentions and not folded[: mentions[0].start].strip():
		return mentions[0]
	return None


def find_unknown_lead(text: str) -> str | None:
	"""The lead as written when it is not in the agency list ("Giao Ban Quản lý ... chủ trì")."""
	folded = fold(text)
	for pattern in UNKNOWN_LEAD:
		m = pattern.search(folded)
		if m:
			return clean(text[m.start(1) : m.end(1)]).rstrip(",. ") or None
	return None


def find_coordinators(text: str, mentions: list[AgencyMention], lead: AgencyMention | None) -> list[str]:
	"""The agencies named after "phối hợp (với)" (up to the task's verb), and those named with the lead."""
	folded = fold(text)
	coordinators: list[str] = []

	def add(agency: str) -> None:
		if agency not in coordinators and (not lead or agency != lead.agency):
			coordinators.append(agency)

	if lead:
		position = lead.end
		for mention in mentions:
			if mention.start < position:
				continue
			if not CO_LEAD_GAP.match(folded[position : mention.start]):
				break
			add(mention.agency)
			position = mention.end
	for m in COORDINATION.finditer(folded):
		position = m.end()
		for mention in mentions:
			if mention.start < position:
				continue
			gap = folded[position : mention.start]
			if COORDINATION_END.search(gap) or len(gap.split()) > COORDINATION_GAP_WORDS:
				break
			add(mention.agency)
			position = mention.end
	return coordinators


# ------------------------------------------------------------------------------------------------
# Pasted lines: content | lead agency | deadline or "N ngày làm việc" | coordinators
# ------------------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
BARE_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
BARE_WORKING_DAYS = re.compile(r"^\s*(\d{1,4})\s*(?:ngay\s+lam\s+viec|nlv|working\s+days?)\s*$")


@dataclass
class PastedLine:
	number: int  # 1-based, among the non-empty lines
	task: ProposedTask
	lead_written: str = ""
	deadline_written: str = ""
	deadline_understood: bool = True
	unknown_coordinators: list[str] = field(default_factory=list)


def parse_lines(
	text: str, matcher: AgencyMatcher, calendar: WorkCalendar, assigned_on: date
) -> list[PastedLine]:
	"""One task per line, cells separated by "|"; only the content is required."""
	lines = []
	for raw in (text or "").splitlines():
		if not raw.strip():
			continue
		cells = [clean(cell) for cell in raw.split("|")] + ["", "", ""]
		content, lead_cell, deadline_cell, coordinator_cell = (
			cells[0],
			cells[1],
			cells[2],
			"|".join(cells[3:]),
		)
		deadline, understood = parse_deadline_cell(deadline_cell, calendar, assigned_on)
		lead = matcher.match(lead_cell)
		coordinators, unknown = _coordinator_cell(coordinator_cell.strip("| "), matcher)
		lines.append(
			PastedLine(
				number=len(lines) + 1,
				task=ProposedTask(
					content=_content(content),
					lead_agency=lead,
					lead_text=lead_cell if lead_cell and not lead else None,
					coordinating_agencies=[c for c in coordinators if c != lead],
					deadline=deadline.deadline,
					working_days=deadline.working_days,
					no_deadline=deadline.no_deadline,
				),
				lead_written=lead_cell,
				deadline_written=deadline_cell,
				deadline_understood=understood,
				unknown_coordinators=unknown,
			)
		)
	return lines


def parse_deadline_cell(cell: str, calendar: WorkCalendar, assigned_on: date) -> tuple[Deadline, bool]:
	"""A deadline cell: a date (15/01/2027, 2027-01-15), "N ngày làm việc", or any wording of the document;
	"thường xuyên" is no deadline, an empty cell none given. Returns the deadline and whether the cell was
	understood."""
	cell = clean(cell)
	folded = fold(cell)
	if not cell:
		return Deadline(), True  # left for the officer to give
	if NO_DEADLINE.search(folded):
		return Deadline(no_deadline=True), True
	m = ISO_DATE.match(folded)
	if m:
		value = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
		return Deadline(value), bool(value)
	m = BARE_DATE.match(folded)
	if m:
		value = _day(int(m.group(3)), int(m.group(2)), int(m.group(1)))
		return Deadline(value), bool(value)
	m = BARE_WORKING_DAYS.match(folded)
	if m:
		days = int(m.group(1))
		if 0 < days <= MAX_WORKING_DAYS:
			return Deadline(calendar.add_working_days(assigned_on, days), days), True
		return Deadline(working_days=days), False
	found = choose_deadline(find_deadlines(cell, assigned_on, calendar))
	return (found, True) if found else (Deadline(), False)


def _coordinator_cell(cell: str, matcher: AgencyMatcher) -> tuple[list[str], list[str]]:
	"""The agencies named in the cell, and the parts (between ";" or ",") that name none."""
	if not cell:
		return [], []
	mentions = matcher.find_all(cell)
	agencies = list(dict.fromkeys(m.agency for m in mentions))
	rest = cell
	for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
		rest = rest[: mention.start] + ";" + rest[mention.end :]
	unknown = [part.strip() for part in re.split(r"[;,]|\bvà\b", rest) if part.strip()]
	return agencies, unknown
