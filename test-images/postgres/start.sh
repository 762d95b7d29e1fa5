#!/bin/sh
# Runs the server in the foreground; extra arguments become server settings (-c name=value).
exec /usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/data "$@"
