#!/bin/sh
# Runs the built bundle as a user would, offscreen, from outside the source tree: the GUI's
# --smoke (bundled defaults -> example plan -> PDF) and the console CLI (fit, cost, report).
# A data file or a module the bundle lacks fails here. Usage: scripts/smoke-bundle.sh DIST_FOLDER
set -eu
bundle=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export QT_QPA_PLATFORM=offscreen LLMPLAN_DB="$work/llmplan.db"
examples="$bundle/_internal/resources/examples"
[ -d "$examples" ] || examples="$bundle/resources/examples"

"$bundle/llmplan-desktop" --smoke
"$bundle/llmplan" --version
"$bundle/llmplan" fit --model meta-llama/Llama-3.1-70B --quant Q4_K_M --gpu h100-sxm --json \
    > fit.json
grep -q '"fits": true' fit.json
"$bundle/llmplan" cost "$examples/seed-case-a.llmplan.json" > cost.txt
grep -q "33,600" cost.txt  # seed case A: EUR 33,600 a year (seed-cases.md)
"$bundle/llmplan" report "$examples/seed-case-b.llmplan.json" -o proposal.pdf
head -c 5 proposal.pdf | grep -q "%PDF-"
echo "smoke-bundle: ok: $(du -sh "$bundle" | cut -f1) in $bundle"
