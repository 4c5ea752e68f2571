/**
 * Polls a condition until it holds: for tests that wait on state a child process or the
 * emulator changes asynchronously (log lines, run status, dataset item counts). Throws a
 * message naming what was awaited, so a timeout says what never happened.
 */
export async function waitUntil(check: () => boolean, what: string, timeoutMs: number, pollMillis = 25): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, pollMillis));
    }
}

/**
 * Reads a value until it is what the test waits for, and returns it: for state that reaches a
 * test asynchronously through an API (VS Code's UI and settings in the extension host). The
 * timeout message carries the last value read.
 */
export async function waitForValue<T>(
    what: string,
    read: () => T | Promise<T>,
    isDone: (value: T) => boolean,
    timeoutMs = 15_000,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await read();
        if (isDone(value)) return value;
        if (Date.now() > deadline)
            throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
