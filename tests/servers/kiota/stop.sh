#!/usr/bin/env bash
# Nothing runs: start.sh only publishes KIOTA_PATH.
exit 0
