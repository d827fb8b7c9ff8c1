package dev.ricascade.cleanup.capture;

/** A table-map event without column names: the server does not log {@code binlog_row_metadata=FULL}. */
class MissingRowMetadataException extends RuntimeException {

    MissingRowMetadataException(String table) {
        super("the binlog's table map of " + table + " carries no column names; set binlog_row_metadata=FULL on the "
                + "server (SET GLOBAL binlog_row_metadata = 'FULL', and in its configuration file), then restart the capture");
    }
}
