package io.icelab.interop;

/**
 * A browser showing the interop page, whatever drives it: the test calls the page's async functions and gets what
 * their promises resolved to (a rejection becomes an AssertionError carrying the browser's message).
 */
interface PageBrowser extends AutoCloseable {
    /** Calls the page's async function {@code fn(args…)} and returns its result (maps, lists, strings, numbers). */
    Object call(String fn, Object... args);

    /** The browser's name and version, for the report. */
    String version();

    /** True once {@link #quit} was called. */
    boolean quitting();

    /** Ends the browser and what drives it; idempotent. */
    void quit() throws Exception;

    @Override
    default void close() throws Exception {
        quit();
    }
}
