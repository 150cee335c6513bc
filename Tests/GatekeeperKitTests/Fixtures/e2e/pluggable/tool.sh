#!/bin/sh
# A stand-in for the tools teams run (SwiftLint, swift-format, a script): its first argument
# says what to write; the rest are the files gatekeeper passes.
mode="$1"; shift
case "$mode" in
compiler)
  echo "Linting $# files" >&2
  for file in "$@"; do
    echo "$file:2:1: warning: trailing whitespace [trailing_whitespace]"
    echo "$file:3:1: error: [NeverForceUnwrap] do not force unwrap"
  done ;;
sarif) cat <<'JSON'
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "stand-in"}}, "results": [
  {"ruleId": "line_length", "level": "error", "message": {"text": "line too long"},
   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Sources/App.swift"}, "region": {"startLine": 1, "startColumn": 3}}}]}]}]}
JSON
;;
gatekeeper-json)
  echo '{"version": 1, "findings": [{"ruleId": "style/x", "severity": "info", "message": "a note", "file": "Sources/App.swift", "line": 2, "column": 1}]}' ;;
garbage) echo "this is not a report" ;;
slow) sleep 20 ;;
crash) kill -SEGV $$ ;;
esac
