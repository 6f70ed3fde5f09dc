# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
SAMPLE := ../shared/data/samples/000_ebd54658bc8c22b7.txt

.PHONY: demo test venv browser

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

# The browser tests drive Debian's chromium (Playwright comes with the test extra; it never downloads a browser).
browser:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get install -y chromium || (apt-get update && apt-get install -y chromium) \
		|| echo "make test: could not install chromium with apt-get: the browser tests will be skipped"; \
	else echo "make test: chromium is missing (install it with 'sudo apt-get install chromium'): the browser tests will be skipped"; fi

test: venv browser
	$(VENV)/bin/python -m pytest
