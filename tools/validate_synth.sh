#!/usr/bin/env bash
# Check the synthetic LA's returns with the sector's own DfE-rule validators.
#
# csc-validator-be-903 and csc-validator-be-cin (PyPI, MIT, data-to-insight) need pandas<2 and
# numpy<1.25, so they live in their own virtual environment, never in the project's.
#
# usage: tools/validate_synth.sh [--years N] [--end-year YYYY] [--seed N] [--size S] [--out DIR]
# env:   VALIDATOR_VENV (default /tmp/csc-scorecard-validators), PYTHON (default python3)
#
# Prints, per collection year, which rules fire and how often, then totals per rule.
# docs/synthetic-data.md explains the rules that are expected to remain.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${VALIDATOR_VENV:-/tmp/csc-scorecard-validators}"
PY="${PYTHON:-python3}"
YEARS=3; END_YEAR=2025; SEED=42; SIZE=medium; OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --years) YEARS="$2"; shift 2;;
    --end-year) END_YEAR="$2"; shift 2;;
    --seed) SEED="$2"; shift 2;;
    --size) SIZE="$2"; shift 2;;
    --out) OUT="$2"; shift 2;;
    -h|--help) sed -n 2,12p "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
OUT="${OUT:-$(mktemp -d /tmp/synth-validate.XXXXXX)}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating the validators' environment in $VENV" >&2
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "csc-validator-be-903==0.1.17" "csc-validator-be-cin==0.1.13" \
    "pandas==1.5.3" "numpy==1.24.4" "pytest==9.2.0"
fi

SCORECARD="$REPO/.venv/bin/scorecard"
[ -x "$SCORECARD" ] || SCORECARD="scorecard"
echo "Generating a $SIZE LA, $YEARS years to $END_YEAR, seed $SEED, in $OUT" >&2
"$SCORECARD" synth --out "$OUT" --size "$SIZE" --years "$YEARS" --end-year "$END_YEAR" --seed "$SEED" \
  --las 1 --no-annex-a --quiet >&2

ONS="$(awk '/ons_code:/ {print $2; exit}' "$OUT/scorecard.yaml")"
LA="$(awk '/^la:/ {gsub(/["'"'"']/, "", $2); print $2; exit}' "$OUT/scorecard.yaml")"
echo "Validating $OUT/$LA (ONS $ONS)" >&2
PYTHONWARNINGS=ignore "$VENV/bin/python" "$REPO/tools/validate_synth_run.py" "$OUT/$LA" "$ONS"
