#!/usr/bin/env bash
# Regenerates tests/stored_run/{plain,strict}/ after an intended change of
# behaviour (see the list in tests/stored_run.rs: name the change there, with
# what `git diff tests/stored_run` shows, before committing).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
# CARGO_TARGET_DIR, when set, is where cargo build put the binary.
bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/vov-bulk"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/stored_run/export.csv tests/stored_run/every-rule.csv "$work/"
for case in plain strict; do
  extra=()
  [ "$case" = strict ] && extra=(--strict --merge-modules)
  (cd "$work" && "$bin" prepare --as-of 2026-11-22 --lang nl --no-ledger -q --out "$case" "${extra[@]}" export.csv every-rule.csv) || [ $? -eq 1 ]
  rm -rf "tests/stored_run/$case"
  mkdir -p "tests/stored_run/$case"
  for f in "$work/$case"/*; do
    case "$(basename "$f")" in rejected.xlsx|report.html) continue ;; esac
    cp "$f" "tests/stored_run/$case/"
  done
done
