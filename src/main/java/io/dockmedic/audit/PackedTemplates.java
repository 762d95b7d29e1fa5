package io.dockmedic.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockmedic.core.mining.MinerSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A miner snapshot as gzipped JSON with its SHA-256, packed and unpacked under a limit, for every
 * {@link TemplateArchive}: a small gzip may hold gigabytes, so nothing is unpacked past the limit.
 */
public final class PackedTemplates {

    /** Packed bytes at most: a ConfigMap holds 1 MiB; stay below it with room for metadata. */
    public static final int MAX_BYTES = 900 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxJsonBytes;

    /** Limits sized from this JVM's heap ({@link #jsonLimitFor}). */
    public PackedTemplates() {
        this(jsonLimitFor(Runtime.getRuntime().maxMemory()));
    }

    /** At most {@code maxJsonBytes} of JSON packed or unpacked. */
    public PackedTemplates(long maxJsonBytes) {
        this.maxJsonBytes = maxJsonBytes;
    }

    /**
     * The most JSON a store may unpack to under a heap of {@code maxHeap} bytes: a sixteenth of it
     * (parsed objects take several times their JSON), between 1 MiB and 64 MiB.
     */
    public static long jsonLimitFor(long maxHeap) {
        return Math.max(1L << 20, Math.min(64L << 20, maxHeap / 16));
    }

    /**
     * The snapshot packed.
     *
     * @throws Rejected when it is more JSON than {@link #unpack} would read back, or packs to more than
     *     {@link #MAX_BYTES}
     */
    public byte[] pack(MinerSnapshot snapshot) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new LimitedOutput(new GZIPOutputStream(bytes), maxJsonBytes)) {
            JSON.writeValue(out, snapshot);
        }
        if (bytes.size() > MAX_BYTES) {
            throw new Rejected("OversizedStore", "it is " + bytes.size() / 1024 + " KiB packed, more than the "
                    + MAX_BYTES / 1024 + " KiB a store may be");
        }
        return bytes.toByteArray();
    }

    /**
     * The snapshot in {@code packed}, checked in order of cost: size, checksum, unpacked size.
     *
     * @throws Rejected when a check fails; other IOExceptions when the JSON is not a snapshot
     */
    public MinerSnapshot unpack(byte[] packed, String sha256) throws IOException {
        if (packed.length > MAX_BYTES) {
            throw new Rejected("OversizedStore", "it is " + packed.length / 1024 + " KiB packed, more than the "
                    + MAX_BYTES / 1024 + " KiB a store may be");
        }
        if (!sha256(packed).equals(sha256)) {
            throw new Rejected("CorruptStore", "the SHA-256 of its templates does not match the one saved with them");
        }
        try (InputStream in = new LimitedInput(new GZIPInputStream(new ByteArrayInputStream(packed)), maxJsonBytes)) {
            return JSON.readValue(in, MinerSnapshot.class);
        }
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The rejection behind {@code e}: Jackson wraps what a stream throws inside a list in its own exception. */
    public static Rejected rejectedIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Rejected rejected) {
                return rejected;
            }
        }
        return null;
    }

    /** A saved store that must not be loaded; an IOException so that it leaves Jackson unwrapped. */
    public static final class Rejected extends IOException {
        private final String reason;

        /** A rejection for {@code reason} (see {@link TemplateArchive.Rejection#reason()}). */
        public Rejected(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /** The CamelCase reason. */
        public String reason() {
            return reason;
        }
    }

    /** Stops reading once more than the limit was unpacked. */
    private static final class LimitedInput extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws Rejected {
            read += n;
            if (read > limit) {
                throw new Rejected("OversizedStore", "it unpacks to more than " + limit / (1024 * 1024)
                        + " MiB of JSON, the most this process's heap allows");
            }
        }
    }

    /** Refuses to write more than {@link #unpack} would read back. */
    private static final class LimitedOutput extends FilterOutputStream {
        private final long limit;
        private long written;

        LimitedOutput(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            count(length);
            out.write(buffer, offset, length);
        }

        private void count(int n) throws Rejected {
            written += n;
            if (written > limit) {
                throw new Rejected("OversizedStore", "it is more than " + limit / (1024 * 1024)
                        + " MiB of JSON, the most the store may unpack to");
            }
        }
    }
}
