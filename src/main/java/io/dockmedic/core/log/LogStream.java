package io.dockmedic.core.log;

/** The output stream a log line was written to. */
public enum LogStream {
    STDOUT,
    STDERR
}
