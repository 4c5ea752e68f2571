/**
 * apify-client logs a warning with a stack for every retried request. Under injected faults
 * that is thousands of lines that bury the test output; the retries themselves are counted
 * from the emulator's access log instead.
 */
import { log } from 'apify';

export function silenceApifyClientRetryWarnings(): void {
    log.setLevel(log.LEVELS.ERROR);
}
