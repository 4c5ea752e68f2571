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
