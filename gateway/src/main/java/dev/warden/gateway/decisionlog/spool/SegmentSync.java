package dev.warden.gateway.decisionlog.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * How the spool makes a segment's writes durable. Warden's is {@link #FSYNC}; the seam is there
 * so that a disk that fails its syncs can be put in its place, which no file system here does on
 * demand.
 */
@FunctionalInterface
public interface SegmentSync {

    /** {@code fdatasync(2)} of the segment's file, as {@link FileChannel#force force(false)} makes it. */
    SegmentSync FSYNC = channel -> channel.force(false);

    void force(FileChannel channel) throws IOException;
}
