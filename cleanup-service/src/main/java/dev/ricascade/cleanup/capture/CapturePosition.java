package dev.ricascade.cleanup.capture;

/**
 * A place in the server's binlog between two transactions: where the capture resumes.
 *
 * @param file     the binlog file, such as {@code binlog.000042}
 * @param position the offset in it just after the last transaction published
 * @param gtid     the last transaction's GTID where the server has them (informational: resuming is by file and
 *                 position), else null
 */
record CapturePosition(String file, long position, String gtid) {

    @Override
    public String toString() {
        return file + ":" + position + (gtid == null ? "" : " (GTID " + gtid + ")");
    }
}
