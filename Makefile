# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
SAMPLE := ../shared/data/samples/000_ebd54658bc8c22b7.txt

.PHONY: demo test venv

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

demo: venv
	mkdir -p out
	$(VENV)/bin/ficlens analyze $(SAMPLE) --json out/sample.json --html out/sample.html
	@echo "wrote out/sample.json and out/sample.html"

test: venv
	$(VENV)/bin/python -m pytest
