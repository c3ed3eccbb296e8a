# zongjie — two commands do all the set-up (README.md):
#   make run    a local venv, the embedded SQLite database under $ZONGJIE_HOME, demo data, http://127.0.0.1:8000
#               (make run PORT=8001 HOST=0.0.0.0 for another address)
#   make test   the whole test suite (SQLite, then PostgreSQL when reachable); says at the end what it skipped
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export ZONGJIE_HOME ?= $(CURDIR)/var
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

# `pip install -e` also compiles the extraction steps with mypyc (setup.py, docs/development.md).
# A stamp per target and build mode: reinstall only when a build input changed. Its time is
# taken before pip starts, so a source edited during the build is rebuilt next time.
BUILD_MODE := $(if $(filter 1 true yes on,$(shell printf '%s' "$$ZONGJIE_PURE_PYTHON" | tr A-Z a-z)),pure,compiled)
BUILD_INPUTS := pyproject.toml setup.py $(wildcard src/zongjie/extraction/*.py)
RUN_STAMP := $(VENV)/.installed-run-$(BUILD_MODE)
DEV_STAMP := $(VENV)/.installed-dev-$(BUILD_MODE)
# pip --quiet hides setup.py's warnings: say which extraction modules the install runs.
SAY_BUILD := $(BIN)/python -c "import zongjie.extraction as e; \
	print('zongjie.extraction:', 'compiled (mypyc)' if e.COMPILED else f'pure Python ({e._BUILD}; pip install -v -e . says why)')"

.PHONY: run test venv dev rebuild lint format screenshots bench clean

$(BIN)/python:
	@echo "[1/3] 建立虚拟环境 $(VENV) …"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUN_STAMP): $(BIN)/python $(BUILD_INPUTS)
	rm -f $(VENV)/.installed-*
	touch $@.new
	@echo "[2/3] 安装 zongjie 及其依赖（首次约 1–2 分钟；有 gcc 时用 mypyc 编译提取模块）…"
	$(BIN)/pip install --quiet -e .
	@$(SAY_BUILD)
	mv $@.new $@

$(DEV_STAMP): $(BIN)/python $(BUILD_INPUTS)
	rm -f $(VENV)/.installed-*
	touch $@.new
	@echo "[2/3] 安装 zongjie 及开发依赖（首次约 1–2 分钟；有 gcc 时用 mypyc 编译提取模块）…"
	$(BIN)/pip install --quiet -e '.[dev]'
	@$(SAY_BUILD)
	mv $@.new $@
	touch -r $@ $(RUN_STAMP)

venv: $(RUN_STAMP)

dev: $(DEV_STAMP)

rebuild:
	rm -f $(VENV)/.installed-*
	$(MAKE) dev

run: venv
	@echo "[3/3] 迁移数据库、装入演示数据并启动 http://$(HOST):$(PORT) …"
	$(BIN)/zongjie demo --host $(HOST) --port $(PORT)

test: dev
	@echo "[3/3] 运行测试（先 SQLite，再 PostgreSQL）…"
	$(BIN)/python -m zongjie.testing.run

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

screenshots: dev
	ZONGJIE_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest tests/web tests/imports -m browser

bench: dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache build
	rm -f src/*__mypyc.*.so src/zongjie/extraction/*.so src/zongjie/extraction/_compiled.json
