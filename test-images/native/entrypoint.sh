#!/bin/bash
# Starts the resizer as an entrypoint script would; RESIZER picks the build (resizer, resizer-asan,
# resizer-cxx). The shell reports a child that dies from a signal.
echo >&2 "entrypoint: starting ${RESIZER:-resizer} $*"
"/usr/local/bin/${RESIZER:-resizer}" "$@"
