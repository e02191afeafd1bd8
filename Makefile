# All targets create .venv from pyproject.toml themselves: a fresh clone needs only Python 3.11 and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test eval ratchet bench schemas docs golden lint clean fuzz audit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m compileall -q src $(VENV)/lib >/dev/null 2>&1 || true  # bytecode even when PYTHONDONTWRITEBYTECODE is set
	touch $(STAMP)

## demo: parse every sample into out/ and print a summary per file
demo: $(STAMP)
	$(BIN)/begroting parse samples/* -o out/ --summary

## test: the whole test suite (the command CI runs)
test: $(STAMP)
	$(BIN)/python -m pytest

## eval: accuracy against the hand-checked gold of the shared corpus, the fold report (two halves by
##       municipality), the round-trip rate of the random table generator per rendering (text layouts,
##       glued, HTML, PDF) and which metamorphic perturbations of the gold pages break which layout family
eval: $(STAMP)
	$(BIN)/python $(SHARED)/tools/eval_corpus.py $(SHARED)/corpus/pages --begroting "$(BIN)/begroting"
	$(BIN)/python $(SHARED)/tools/eval_corpus.py samples --begroting "$(BIN)/begroting"
	@if [ -f $(SHARED)/corpus/pdf/gold.yaml ]; then \
	  $(BIN)/python $(SHARED)/tools/eval_corpus.py $(SHARED)/corpus/pdf --begroting "$(BIN)/begroting"; \
	  $(BIN)/python bench/peer_pdf.py $(SHARED)/corpus/pdf --begroting "$(BIN)/begroting"; fi
	$(BIN)/python -m tests.fold_report
	$(BIN)/python -m tests.tablegen --seeds 2000
	$(BIN)/python -m tests.perturb

## ratchet: per-document corpus scores against tests/ratchet.json; raises the records (never lowers them)
ratchet: $(STAMP)
	$(BIN)/python -m tests.corpus_scores --update

## bench: speed and memory figures, written to bench/results.json (batch: bench/batch_results.json)
bench: $(STAMP)
	$(BIN)/python bench/run.py --pdf $(SHARED)/corpus/pdf/wassenaar_begroting_2025.pdf --out bench/results.json --repeat 5
	$(BIN)/python bench/text.py $(SHARED)/corpus/pages --sizes 1 10 --out bench/text_results.json
	$(BIN)/python bench/batch.py $(SHARED)/corpus/pdf --out bench/batch_results.json --repeat 3

## schemas: regenerate schemas/*.json from the models
schemas: $(STAMP)
	$(BIN)/begroting schema -o schemas/document.schema.json
	$(BIN)/python -c "from begroting_cli.report import report_schema_json as r; open('schemas/report.schema.json','w').write(r())"
	$(BIN)/python -c "from begroting_cli.diffing.render import diff_schema_json as d; open('schemas/diff.schema.json','w').write(d())"

## docs: regenerate docs/cli.md from --help (tests/test_docs.py checks it) and docs/lexicon.md from the
##       lexicon and settings modules (tests/test_lexicon.py checks it)
docs: $(STAMP)
	$(BIN)/python -m tests.cli_reference --update
	$(BIN)/python -m tests.lexicon_reference --update

## fuzz: mutated samples, corpus pages and PDFs against the invariants (FUZZ_INPUTS, FUZZ_SEED); crashes go to out/fuzz/
FUZZ_INPUTS ?= 10000
FUZZ_SEED ?= 1
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.run --inputs $(FUZZ_INPUTS) --seed $(FUZZ_SEED)

## audit: known vulnerabilities (pip-audit) in the installed dependencies of begroting[all,dask] and in the
##        lower bounds of pyproject.toml; a database it cannot reach is one line and exit 2, never a pass.
##        AUDIT_FLAGS go to pip-audit, e.g. AUDIT_FLAGS="-s osv --osv-url URL" for an OSV mirror
AUDIT_FLAGS ?=
audit: $(STAMP)
	$(BIN)/python -m pip install --quiet "pip-audit>=2.7"
	$(BIN)/python -m tests.audit $(AUDIT_FLAGS)
	$(BIN)/python -m tests.audit --lower-bounds $(AUDIT_FLAGS)

## golden: regenerate tests/golden/ (review the diff before committing!)
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

clean:
	rm -rf $(VENV) out .pytest_cache
