#!/usr/bin/env bash
# Accepts pending snapshot changes: renames every Tests/SymDiff.Tests/Snapshots/*.received.cs
# (written by failing snapshot tests) to *.verified.cs and prints what it accepted.
set -euo pipefail
shopt -s nullglob

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/SymDiff.Tests/Snapshots"
received=("$dir"/*.received.cs)
if ((${#received[@]} == 0)); then
  echo "No received snapshots in $dir."
  exit 0
fi

for file in "${received[@]}"; do
  mv -f -- "$file" "${file%.received.cs}.verified.cs"
  echo "accepted $(basename "${file%.received.cs}")"
done
echo "Accepted ${#received[@]} snapshot(s)."
