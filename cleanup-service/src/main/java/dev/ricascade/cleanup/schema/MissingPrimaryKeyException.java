package dev.ricascade.cleanup.schema;

/** A table the cascades walk through needs a primary key to be paged and changed row by row. */
public class MissingPrimaryKeyException extends RuntimeException {

    public MissingPrimaryKeyException(String table) {
        super("table '" + table + "' has no primary key (or does not exist in the current database); "
                + "the cascades page through it by primary key: add one with ALTER TABLE `" + table + "` ADD PRIMARY KEY (...)");
    }
}
