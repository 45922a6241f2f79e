#!/usr/bin/env bash
# Nothing runs: start.sh only publishes PWSH_PATH.
exit 0
