#!/usr/bin/env bash
# Scan sites.txt in 8 shards at once with GNU parallel ({#} is the 1-based job number),
# then join the JSON Lines streams. Across machines: add --sshlogin host1,host2,...
# (and --basefile sites.txt) to the parallel line.
set -euo pipefail
shards=${SHARDS:-8}
seq "$shards" | parallel --jobs "$shards" --halt never \
    osescan check --targets sites.txt --shard '{}/'"$shards" --jsonl 'shard-{}.jsonl' --html 'shard-{}.html' \
    --fail-on never --quiet
cat shard-*.jsonl >all.jsonl
echo "$(grep -c '"kind":"target"' all.jsonl) targets scanned; failing:"
jq -r 'select(.kind == "target" and .result.worst_status == "fail") | .result.target.host' all.jsonl
