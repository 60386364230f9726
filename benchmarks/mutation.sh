#!/usr/bin/env bash
# Mutation testing with mutmut 3, one module at a time, and the score per module.
#
#   benchmarks/mutation.sh                  # every module below, in this order
#   benchmarks/mutation.sh agenda network   # only these
#   MUTATION_BUDGET=1800 MUTATION_JOBS=2 benchmarks/mutation.sh edit
#   MUTATION_RETEST=1 benchmarks/mutation.sh watch   # also the last run's survivors, after new tests
#   MUTATION_RETEST=1 MUTATION_RETEST_MATCH='rules\.pitch\.|_read_problem' benchmarks/mutation.sh pitch
#                                                    # only the survivors whose names match
#
# Each module runs in its own scratch copy of the checkout (benchmarks/out/mutation/<module>/), so
# the worktree is never touched and a killed run can be resumed: run the same module again and
# mutmut re-tests only the mutants without a result. The scratch copy has no ../shared beside it,
# so the corpus tests skip there: the score is what a bare clone's tests catch.
# MUTATION_BUDGET (seconds, default 1800) caps each module's run; a module cut short is reported
# with how many mutants were left unchecked. Survivors: `cd benchmarks/out/mutation/<module> &&
# python -m mutmut results` and `python -m mutmut show <name>`. Why the remaining ones are
# equivalent: docs/mutation.md.
set -u
cd "$(dirname "$0")/.."
REPO=$PWD
OUT=$REPO/benchmarks/out/mutation
BUDGET=${MUTATION_BUDGET:-1800}
JOBS=${MUTATION_JOBS:-2}
RETEST=${MUTATION_RETEST:-0}

# module name | files mutated (globs under plainnet/) | test files that cover them
MODULES=(
  "agenda|plainnet/agenda/items.py|tests/test_agenda.py tests/test_agenda_items.py tests/test_boundaries.py"
  "network|plainnet/network.py|tests/test_network.py tests/test_network_memory.py tests/test_agenda.py tests/test_agenda_items.py tests/test_review.py tests/test_boundaries.py"
  "edit|plainnet/write/edit.py|tests/test_edit.py tests/test_write_edges.py tests/test_write_safety.py tests/test_record.py"
  "importing|plainnet/cards/importing.py|tests/test_import.py tests/test_boundaries.py tests/test_corpus_free.py"
  "checks|plainnet/rules/local.py plainnet/checks/habits.py|tests/test_checks.py tests/test_boundaries.py tests/test_settings.py tests/test_pitch_reader.py"
  "pitch|plainnet/rules/pitch.py plainnet/rules/pitch_reader.py|tests/test_pitch.py tests/test_pitch_reader.py tests/test_pitch_readings.py tests/test_pitch_words.py tests/test_pitch_audience.py tests/test_pitch_clauses.py tests/test_pitch_problem.py tests/test_pitch_speaker.py tests/test_pitch_details.py tests/test_boundaries.py"
  "links|plainnet/notes/links.py|tests/test_links.py tests/test_index.py"
  "debounce|plainnet/watch/debounce.py|tests/test_debounce.py"
  "watch|plainnet/watch/watcher.py|tests/test_watch_steps.py tests/test_watch.py tests/test_boundaries.py"
)

want=("$@")
printf '%-10s %7s %7s %8s %9s %9s %8s  %s\n' module mutants killed survived no_tests unchecked score seconds
for row in "${MODULES[@]}"; do
  IFS='|' read -r name files tests <<<"$row"
  if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " == *" $name "* ]]; then continue; fi
  dir=$OUT/$name
  mkdir -p "$dir"
  # a fresh copy of the sources and tests; mutmut's own results (mutants/) are kept for resuming
  find "$dir" -mindepth 1 -maxdepth 1 ! -name mutants ! -name run.log -exec rm -rf {} +
  tar -C "$REPO" --exclude=./.git --exclude=./benchmarks/out --exclude=./mutants --exclude=.plainnet \
      --exclude=__pycache__ --exclude=.hypothesis -cf - . | tar -C "$dir" -xf -
  python - "$dir/pyproject.toml" "$files" "$tests" <<'PY'
import json, sys
path, files, tests = sys.argv[1:]
text = open(path, encoding="utf-8").read()
head = "[tool.mutmut]\n"
assert head in text, "pyproject.toml has no [tool.mutmut] table"
extra = (f"only_mutate = {json.dumps(files.split())}\n"
         f"pytest_add_cli_args_test_selection = {json.dumps(tests.split())}\n")
text = text.replace(head, head + extra, 1)
# each mutant's quickest tests first (benchmarks/mutation_order.py): the same results, sooner
# and a test a mutant makes hang fails after a minute: a loop that sleeps never reaches mutmut's CPU limit
order = 'pytest_add_cli_args = ["-p", "mutation_order", "--timeout=60", '
assert "pytest_add_cli_args = [" in text, "pyproject.toml's [tool.mutmut] has no pytest_add_cli_args"
text = text.replace("pytest_add_cli_args = [", order, 1)
open(path, "w", encoding="utf-8").write(text)
PY
  # the survivors of the previous run, to try again against today's tests (mutmut keeps a result
  # while the function it mutated is unchanged, however the tests changed)
  again=()
  if [ "$RETEST" = 1 ] && [ -d "$dir/mutants" ]; then
    mapfile -t again < <(cd "$dir" && python -m mutmut results 2>/dev/null | sed -n 's/^ *\(.*\): \(survived\|no tests\|suspicious\)$/\1/p' \
                           | grep -E -- "${MUTATION_RETEST_MATCH:-.}")
  fi
  start=$(date +%s)
  # only the pytest plugins these tests use: each mutant's pytest run loads its plugins again, and
  # the others (the language-server ones) cost more than most mutants' tests
  export PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 PYTEST_PLUGINS=_hypothesis_pytestplugin,pytest_timeout
  (cd "$dir" && PYTHONPATH="$dir/benchmarks" timeout "$BUDGET" python -m mutmut run --max-children "$JOBS" >"$dir/run.log" 2>&1)
  code=$?
  if [ $code = 0 ] && [ ${#again[@]} -gt 0 ]; then
    left=$(( BUDGET - ($(date +%s) - start) ))
    (cd "$dir" && PYTHONPATH="$dir/benchmarks" timeout "$(( left > 1 ? left : 1 ))" python -m mutmut run \
        --max-children "$JOBS" "${again[@]}" >>"$dir/run.log" 2>&1)
    code=$?
  fi
  secs=$(( $(date +%s) - start ))
  (cd "$dir" && python -m mutmut export-cicd-stats >/dev/null 2>&1)
  python - "$dir/mutants/mutmut-cicd-stats.json" "$name" "$secs" "$code" <<'PY'
import json, sys
path, name, secs, code = sys.argv[1:]
try:
    s = json.load(open(path))
except OSError:
    print(f"{name:<10} no results (mutmut exit {code}; see benchmarks/out/mutation/{name}/run.log)")
    raise SystemExit(0)
killed = s["killed"] + s["timeout"] + s.get("caught_by_type_check", 0)
survived = s["survived"] + s["suspicious"] + s.get("segfault", 0)
s["not_checked"] = s["total"] - killed - survived - s["no_tests"] - s["skipped"]  # cut short by the budget
checked = s["total"] - s["not_checked"] - s["skipped"]
score = f"{100 * killed / checked:.1f}%" if checked else "-"  # a mutant no test reaches counts as survived
note = "" if code == "0" else f"  (cut short: exit {code})"
print(f"{name:<10} {s['total']:>7} {killed:>7} {survived:>8} {s['no_tests']:>9} "
      f"{s['not_checked']:>9} {score:>8} {secs:>8}{note}")
PY
done
