"""Every weight, threshold and word list the diff uses, in one place (documented in the README).

Matching is a scored assignment: each candidate pair gets a score from named evidence terms with
these weights, pairs are taken best first, and a pair scoring below its minimum stays unmatched
(reported as added / removed, never guessed).
"""

from __future__ import annotations

import re

# Labels: printed qualifiers that narrow a row without making it another row ("Lasten exclusief
# reserves" is "Lasten" restated). They are compared apart from the label's core words.
QUALIFIERS = re.compile(
    r"\s*(?:\((?:[^()]*)\)|\b(?:inclusief|exclusief|incl\.?|excl\.?|na|voor|vóór|exc\.)\s+(?:bestemming|"
    r"reserves?|mutaties(?:\s+(?:in\s+)?reserves?)?|resultaatbestemming|verrekening|overhead|btw)\b\.?)",
    re.IGNORECASE)
# Codes before a label: taakveld `6.4`, programme `P3`, indicator `1a.`; after it: BBV number `(22)`.
LEADING_CODE = re.compile(r"^\s*([a-z]{1,2}\s?\d{1,2}|\d{1,2}(?:\.\d{1,2})*[a-z]?)(?:[.):]|\s+[-–])?\s+(?=\S)",
                          re.IGNORECASE)
TRAILING_CODE = re.compile(r"\s*\((\d{1,3}[a-z]?)\)\s*$", re.IGNORECASE)
# Captions and statements that change between editions without changing what a table is.
CAPTION = re.compile(r"^\s*(?:tabel|figuur|grafiek|overzicht)\s+\d+(?:\.\d+)*[a-z]?\s*[-–:.]?\s*", re.IGNORECASE)
UNIT_STATEMENT = re.compile(r"\(?\s*(?:bedragen\s+)?(?:x|in)\s*(?:€|eur|euro)\s*[\d.,]*\s*(?:mln|miljoen)?[-,]*\)?",
                            re.IGNORECASE)
SIGN_NOTE = re.compile(r"\(\s*\"?[-+]\"?\s*=.*?\)", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")

# Amounts and percentages a label carries (a figure the parser left in the label's cell): not words.
FIGURE_IN_LABEL = re.compile(r"(?:€\s*)?(?<![\w.,])-?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w.,])|(?<![\w.,])\d+,\d+\s*%?"
                             r"|(?<![\w.,])\d+\s*%|€|(?<!\w)-(?!\w)")
# Two words count as one with a spelling change when their letters agree this much (difflib ratio).
WORD_MINIMUM = 0.75
WORD_SHORTEST = 4  # shorter words (en, van, P3) only count when equal
# Label similarity: the core words weigh this much, the qualifiers the rest.
CORE_WEIGHT = 0.85
# Both labels carry a code and the codes differ (taakveld 0.1 / 0.2): the similarity is multiplied by this.
CODE_MISMATCH = 0.7

# Rows: label similarity, shared figures (equal non-zero values in matched columns), position.
ROW_WEIGHTS = {"label": 0.6, "values": 0.3, "position": 0.1}
ROW_MINIMUM = 0.55
# Tables: title, heading path, shared row labels, shared figures, position in the document.
TABLE_WEIGHTS = {"title": 0.3, "heading": 0.15, "rows": 0.3, "values": 0.15, "position": 0.1}
TABLE_MINIMUM = 0.45
# Columns: same year and part first; then the label and the position decide among equals.
COLUMN_WEIGHTS = {"year": 0.5, "part": 0.2, "scenario": 0.1, "label": 0.1, "position": 0.1}
COLUMN_MINIMUM = 0.45
# Lists: heading and shared items; items: text similarity (equal after normalisation = unchanged).
LIST_WEIGHTS = {"heading": 0.5, "items": 0.4, "position": 0.1}
LIST_MINIMUM = 0.45
ITEM_MINIMUM = 0.6  # an item this similar to one in the other list is reworded, else added / removed

# Scenario changes for the same year that are expected, not restatements: plan -> later plan -> actuals.
SCENARIO_ORDER = {"nulmeting": 0, "raming": 1, "begroting": 2, "begroting_na_wijziging": 3, "realisatie": 4}
