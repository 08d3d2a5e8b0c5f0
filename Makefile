# zhidu — two commands on a fresh Debian 12 machine (as root): `make site` and `make test`.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
# Debian packages the site needs: Chinese fonts (Noto CJK; LXGW WenKai is the 楷体 of printed section headings) and the libraries WeasyPrint renders PDFs with
# (libharfbuzz-subset0: without it PDF rendering with Noto CJK is about 50 times slower), git for the history.
DEB_SITE := git fonts-noto-cjk fonts-lxgw-wenkai libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 shared-mime-info
# The PDFs' 仿宋 body, 黑体/楷体 headings and bold 宋体 title are the Fandol fonts (FandolFang, FandolHei, FandolKai,
# FandolSong; GPL with font exception). Debian ships them only inside texlive-lang-chinese, whose install with its
# dependencies is about 270 MB of TeX: the rule below fetches that one .deb with apt-get (49 MB) and installs just the six
# .otf files (34 MB) into the system font folder. Already known to fontconfig (an earlier run): nothing.
FANDOL_DEB := texlive-lang-chinese
FANDOL_DIR := /usr/local/share/fonts/fandol
# What the tests need on top: Debian's Chromium (never a downloaded browser), poppler's pdftotext/pdfinfo/pdftoppm,
# nginx to serve the site under the example Content-Security-Policy (docs/deploy/nginx.conf), and Debian's Firefox ESR
# (the search box must work there too; tests/firefox.py drives it over WebDriver BiDi, no geckodriver, no download), Node (the parity gate runs the search box's engine headless),
# LibreOffice Writer (headless) to lay out the Word files of `python -m zhidu export` (they use the Fandol faces of
# .cache/fonts-fandol.ok where the standard 仿宋_GB2312/黑体/楷体_GB2312/方正小标宋简体 are not installed).
DEB_TEST := chromium poppler-utils nginx-light firefox-esr libreoffice-writer-nogui nodejs gitolite3

.PHONY: site serve check test clean deps deps-test bench

site: deps
	@$(PY) -m zhidu build

# Preview with live reload (SPEC §1): make serve, or make serve ADDR=127.0.0.1:PORT. --dirty rebuilds only the pages a
# save changed (zhidu/preview.py), so a saved regulation shows in seconds even with hundreds of regulations. Not strict:
# MkDocs warns about every dirty build; errors in regulations still stop the rebuild and keep the last good preview.
ADDR ?= 127.0.0.1:8000
serve: deps
	$(MKDOCS) serve --dirty --no-strict --dev-addr $(ADDR)

check: deps
	@$(PY) -m zhidu check

test: deps-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest

bench: deps-test
	$(PY) -m benchmarks.site
	$(PY) -m benchmarks.serve
	$(PY) -m benchmarks.versions
	$(PY) -m benchmarks.search
	$(PY) -m benchmarks.websearch
	$(PY) -m benchmarks.printing
	$(PY) -m benchmarks.publish

deps: $(VENV)/.installed .cache/debian-site.ok .cache/fonts-fandol.ok

deps-test: deps $(VENV)/.installed-test .cache/debian-test.ok

# Rechecked when the Makefile changes: a checkout set up before a package was added gets it on the next run.
.cache/debian-%.ok: Makefile
	@mkdir -p .cache
	@pkgs="$(if $(filter site,$*),$(DEB_SITE),$(DEB_TEST))"; missing=""; \
	for p in $$pkgs; do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "需要安装 Debian 软件包：$$missing（请以 root 身份运行，或执行 sudo apt-get install$$missing）"; exit 1; fi; \
	  echo "安装 Debian 软件包：$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@touch $@

.cache/fonts-fandol.ok: Makefile
	@mkdir -p .cache
	@if ! fc-list : family | grep -q FandolFang; then \
	  if [ "$$(id -u)" != 0 ]; then echo "需要安装仿宋等字体（Fandol，取自 Debian 软件包 $(FANDOL_DEB)）：请以 root 身份运行 make，或执行 sudo apt-get install $(FANDOL_DEB)"; exit 1; fi; \
	  echo "安装 Fandol 字体（取自 Debian 软件包 $(FANDOL_DEB)）"; \
	  tmp=$$(mktemp -d) && chmod 777 $$tmp && cd $$tmp && \
	  { apt-get download -q $(FANDOL_DEB) || { apt-get update -q && apt-get download -q $(FANDOL_DEB); }; } && \
	  dpkg-deb --fsys-tarfile $(FANDOL_DEB)_*.deb | tar -x --wildcards '*/fandol/Fandol[FHKS]*.otf' && \
	  mkdir -p $(FANDOL_DIR) && install -m 644 $$(find . -name 'Fandol*.otf') $(FANDOL_DIR)/ && \
	  cd / && rm -rf $$tmp && fc-cache -f $(FANDOL_DIR); \
	fi
	@touch $@

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

clean:
	rm -rf site .cache/zhidu .build
