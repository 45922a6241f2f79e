#!/usr/bin/env bash
# Nothing runs: start.sh only publishes CHROMIUM_PATH.
exit 0
