# FinAssist: every developer command. A fresh clone needs only Python 3.11, pip and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= corpus/messages-ptbr.jsonl
STEP ?= parse_message

.PHONY: help install demo chat test lint eval bench bench-load serve invoke asl ops build clean

help:
	@echo "make demo    play a scripted WhatsApp conversation on the embedded stack (offline)"
	@echo "make test    run the test suite"
	@echo "make chat    talk to the embedded stack as a WhatsApp user"
	@echo "make lint    ruff, mypy, statelint, cfn-lint"
	@echo "make eval    score the pt-BR engine on $(CORPUS)"
	@echo "make serve   the webhook on http://127.0.0.1:8787/webhook/whatsapp (embedded stack)"
	@echo "make bench   run the benchmarks and write docs/benchmarks.md (about 10 minutes)"
	@echo "make bench-load   500 signed webhooks to the local server (about 6 minutes)"
	@echo "make invoke STEP=<step>   run one handler on events/<step>.json"
	@echo "make ops     regenerate template.yaml's per-function alarms and dashboard (after adding a function)"
	@echo "make build   sam validate --lint, sam build (no container), size and glibc checks"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements-dev.txt layers/finassist/requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m finassist.demo

chat: $(STAMP)
	$(BIN)/python -m finassist.chat

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict layers/finassist/python/finassist
	$(BIN)/python scripts/gen_asl.py --check || { echo "statemachine/ is stale: run make asl"; exit 1; }
	$(BIN)/python scripts/gen_ops.py --check
	$(BIN)/statelint $$($(BIN)/python -m finassist.local.resolved_asl $(VENV)/resolved-asl)
	$(BIN)/cfn-lint template.yaml

eval: $(STAMP)
	$(BIN)/python -m finassist.eval $(CORPUS) corpus/features-ptbr.jsonl corpus/understanding-ptbr.jsonl

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-load: $(STAMP)
	$(BIN)/python -m benchmarks.load

serve: $(STAMP)
	$(BIN)/python -m finassist.local.serve

invoke: $(STAMP)
	$(BIN)/python -m finassist.local.invoke $(STEP)

asl: $(STAMP)
	$(BIN)/python scripts/gen_asl.py

ops: $(STAMP)
	$(BIN)/python scripts/gen_ops.py

SAM_VENV := .venv-sam
SAM_REGION ?= sa-east-1

$(SAM_VENV)/bin/sam:
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet aws-sam-cli==1.170.0

# sam build without a container (SAM fetches arm64 wheels itself), then the size check Lambda would enforce.
build: $(SAM_VENV)/bin/sam $(STAMP)
	SAM_CLI_TELEMETRY=0 $(SAM_VENV)/bin/sam validate --lint --template-file template.yaml --region $(SAM_REGION)
	SAM_CLI_TELEMETRY=0 $(SAM_VENV)/bin/sam build --template-file template.yaml
	$(BIN)/python scripts/check_build_size.py .aws-sam/build
	$(BIN)/python scripts/check_glibc.py .aws-sam/build python3.11

clean:
	rm -rf $(VENV) $(SAM_VENV) .local .pytest_cache .mypy_cache .ruff_cache .aws-sam
