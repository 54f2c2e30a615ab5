#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs of this host as Spark's ResourceInformation JSON,
# e.g. {"name":"gpu","addresses":["0","1"]}. Uses nvidia-smi; prints no addresses without GPUs.
set -euo pipefail
if command -v nvidia-smi >/dev/null 2>&1; then
  ADDRS=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/ //g' | awk '{printf "%s\"%s\"", (NR>1?",":""), $1}')
else
  ADDRS=""
fi
echo "{\"name\":\"gpu\",\"addresses\":[${ADDRS}]}"
