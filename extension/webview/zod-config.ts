/**
 * Imported FIRST by main.ts. zod compiles fast validators with `new Function` when it may, and
 * decides so when each schema is constructed (at import time). The page's CSP forbids eval (no
 * 'unsafe-eval'), so zod must be told before any schema module loads — otherwise its probe
 * trips a CSP violation report.
 */
import { z } from 'zod';

z.config({ jitless: true });
